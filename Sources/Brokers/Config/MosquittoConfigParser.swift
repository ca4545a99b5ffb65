/// mosquitto.conf(5): `listener PORT [ADDRESS]` starts a block; certfile, keyfile, cafile, capath, tls_version and
import FoundationSubstitutes

/// require_certificate apply to the listener above them (or to the default listener, before any `listener` line);
/// `include_dir` names a folder of further .conf files. A listener with certfile or keyfile is a TLS listener.
enum MosquittoConfigParser {
    static func parse(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .mosquitto)
        var current = BrokerConfiguration.TLSListener(name: "the default listener (port 1883)", line: 1)
        var blocks: [BrokerConfiguration.TLSListener] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimming(" \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let key = words[0]
            let value = words.dropFirst().joined(separator: " ")
            switch key {
            case "listener":
                guard let port = words.dropFirst().first, UInt16(port) != nil else {
                    configuration.problems.append(.init(line: number, message: "listener needs a port number"))
                    continue
                }
                blocks.append(current)
                current = BrokerConfiguration.TLSListener(
                    name: "listener \(words.dropFirst().joined(separator: " "))", line: number)
            case "certfile", "keyfile", "cafile", "capath", "tls_version", "require_certificate", "include_dir":
                guard !value.isEmpty else {
                    configuration.problems.append(.init(line: number, message: "\(key) needs a value"))
                    continue
                }
                switch key {
                case "certfile": current.certfile = value
                case "keyfile": current.keyfile = value
                case "cafile": current.cafile = value
                case "capath": current.capath = value
                case "tls_version": current.tlsVersions = [value]
                case "require_certificate": current.requiresClientCertificate = value == "true"
                default: configuration.includes.append(value)
                }
            default:
                continue
            }
        }
        blocks.append(current)
        configuration.listeners = blocks.filter { $0.certfile != nil || $0.keyfile != nil }
        return configuration
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
