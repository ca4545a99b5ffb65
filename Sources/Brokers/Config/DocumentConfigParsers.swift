/// HiveMQ's config.xml and ejabberd's ejabberd.yml, read for the few elements and keys a TLS check needs. Neither
import FoundationSubstitutes

/// is parsed in full: the elements are found by name, which is how both documents are laid out in their brokers'
/// documentation.
enum DocumentConfigParsers {
    /// HiveMQ: each `<tls-tcp-listener>` (and `<tls-websocket-listener>`) with its `<port>`, `<keystore><path>` and
    /// `<password>`, `<truststore><path>`, `<client-authentication-mode>` and `<protocols><protocol>`.
    static func hivemq(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .hivemq)
        for tag in ["tls-tcp-listener", "tls-websocket-listener"] {
            var searchFrom = text.startIndex
            while let open = text.find("<\(tag)>", in: searchFrom..<text.endIndex) {
                let line = text[..<open.lowerBound].filter { $0 == "\n" }.count + 1
                guard let close = text.find("</\(tag)>", in: open.upperBound..<text.endIndex) else {
                    configuration.problems.append(.init(line: line, message: "<\(tag)> is not closed"))
                    break
                }
                let body = String(text[open.upperBound..<close.lowerBound])
                let port = element("port", in: body) ?? "?"
                var listener = BrokerConfiguration.TLSListener(name: "<\(tag)> port \(port)", line: line)
                let keystore = block("keystore", in: body)
                listener.keystore = keystore.flatMap { element("path", in: $0) }
                listener.keystorePassword = keystore.flatMap { element("password", in: $0) }
                listener.truststore = block("truststore", in: body).flatMap { element("path", in: $0) }
                listener.requiresClientCertificate = element("client-authentication-mode", in: body) == "REQUIRED"
                let protocols = elements("protocol", in: body)
                listener.tlsVersions = protocols.isEmpty ? nil : protocols
                configuration.listeners.append(listener)
                searchFrom = close.upperBound
            }
        }
        return configuration
    }

    static func block(_ name: String, in text: String) -> String? {
        guard let open = text.find("<\(name)>"), let close = text.find("</\(name)>") else { return nil }
        return open.upperBound <= close.lowerBound ? String(text[open.upperBound..<close.lowerBound]) : nil
    }

    static func element(_ name: String, in text: String) -> String? {
        block(name, in: text)?.trimming(" \t\r\n")
    }

    static func elements(_ name: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.find("<\(name)>"), let close = rest.find("</\(name)>"),
            open.upperBound <= close.lowerBound
        {
            found.append(rest[open.upperBound..<close.lowerBound].trimming(" \t\r\n"))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// ejabberd: the global `certfiles:` list, and each `listen:` entry whose module is mod_mqtt, with its port,
    /// `tls: true` and `tls_verify`, `protocol_options`.
    static func ejabberd(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .ejabberd)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var section = ""
        var entry: (port: String, line: Int, tls: Bool, verify: Bool, module: String, options: [String])?
        func flush() {
            guard let current = entry, current.module == "mod_mqtt", current.tls else { return }
            var listener = BrokerConfiguration.TLSListener(
                name: "listen port \(current.port) (mod_mqtt)", line: current.line)
            listener.requiresClientCertificate = current.verify
            let refused = Set(current.options)
            let versions = ["tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3"].filter {
                !refused.contains("no_" + $0.replacingAll(of: ".", with: "_"))
            }
            listener.tlsVersions = current.options.isEmpty ? nil : versions
            configuration.listeners.append(listener)
        }
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let content =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                ?? ""
            guard !content.trimming(" \t\r").isEmpty else { continue }
            let indent = content.prefix { $0 == " " }.count
            let trimmed = content.trimming(" \t\r")
            if indent == 0 {
                flush()
                entry = nil
                section = String(trimmed.prefix { $0 != ":" })
                continue
            }
            switch section {
            case "certfiles":
                if trimmed.hasPrefix("- ") {
                    configuration.globalCertificateFiles.append(trimmed.dropFirst(2).trimming(" \"'"))
                }
            case "listen":
                var item = trimmed
                // A new entry: "- key: value", or "-" alone with its keys on the lines below.
                if indent <= 2 && (item == "-" || item.hasPrefix("- ")) {
                    flush()
                    entry = ("?", number, false, false, "", [])
                    item = String(item.dropFirst(item == "-" ? 1 : 2))
                    if item.isEmpty { continue }
                }
                let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimming(" \t\"'") }
                guard parts.count == 2, entry != nil else {
                    if item.hasPrefix("- "), entry != nil {
                        entry!.options.append(item.dropFirst(2).trimming(" "))
                    }
                    continue
                }
                switch parts[0] {
                case "port": entry!.port = parts[1]
                case "module": entry!.module = parts[1]
                case "tls": entry!.tls = parts[1] == "true"
                case "tls_verify": entry!.verify = parts[1] == "true"
                case "protocol_options":
                    entry!.options = parts[1].trimming("[]").split(separator: ",").map {
                        $0.trimming(" \"'")
                    }.filter { !$0.isEmpty }
                default: break
                }
            default:
                break
            }
        }
        flush()
        return configuration
    }
}
