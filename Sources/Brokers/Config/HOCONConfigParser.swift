/// The part of HOCON that EMQX 5's emqx.conf and NanoMQ's nanomq.conf use: nested `name { ... }` blocks, dotted
import FoundationSubstitutes

/// keys, `key = value` or `key: value`, quoted strings, `[a, b]` arrays, `#` and `//` comments. Flattened to dotted
/// keys with the line each value is on. Includes and substitutions are not followed.
enum HOCONConfigParser {
    struct Flat {
        var values: [String: (value: String, line: Int)] = [:]
        var problems: [BrokerConfiguration.Problem] = []
    }

    static func flatten(_ text: String) -> Flat {
        var flat = Flat()
        var stack: [String] = []
        var pendingKey: (key: String, line: Int)?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            var line = Substring(stripComment(String(raw)))
            while !line.trimming(" \t\r,").isEmpty {
                line = Substring(line.trimming(" \t\r,"))
                if line.first == "}" {
                    if stack.isEmpty {
                        flat.problems.append(.init(line: number, message: "'}' without an open block"))
                    } else {
                        stack.removeLast()
                    }
                    line = line.dropFirst()
                    continue
                }
                if line.first == "{", let pending = pendingKey {
                    stack.append(pending.key)
                    pendingKey = nil
                    line = line.dropFirst()
                    continue
                }
                // key, then '{' or '=' / ':' and a value
                let keyEnd = line.firstIndex { "{=: \t".contains($0) } ?? line.endIndex
                let key = String(line[..<keyEnd]).trimming("\"")
                guard !key.isEmpty else {
                    flat.problems.append(.init(line: number, message: "cannot read '\(line.prefix(60))'"))
                    break
                }
                var rest = Substring(line[keyEnd...].trimming(" \t"))
                // The stack holds each open block's full key.
                let full = stack.last.map { "\($0).\(key)" } ?? key
                if rest.isEmpty {
                    pendingKey = (full, number)
                    break
                }
                if rest.first == "{" {
                    stack.append(full)
                    line = rest.dropFirst()
                    continue
                }
                guard rest.first == "=" || rest.first == ":" else {
                    flat.problems.append(.init(line: number, message: "expected = or { after '\(key)'"))
                    break
                }
                rest = Substring(rest.dropFirst().trimming(" \t"))
                if rest.first == "{" {
                    stack.append(full)
                    line = rest.dropFirst()
                    continue
                }
                let (value, remainder) = readValue(rest)
                flat.values[full] = (value, number)
                line = remainder
            }
        }
        if !stack.isEmpty {
            flat.problems.append(.init(line: lines.count, message: "block '\(stack.last!)' is not closed"))
        }
        return flat
    }

    /// A quoted string, an array (kept as its text without brackets and quotes) or a bare word.
    static func readValue(_ text: Substring) -> (String, Substring) {
        if text.first == "\"" {
            let body = text.dropFirst()
            let end = body.firstIndex(of: "\"") ?? body.endIndex
            return (String(body[..<end]), end < body.endIndex ? body[body.index(after: end)...] : "")
        }
        if text.first == "[" {
            let end = text.firstIndex(of: "]") ?? text.endIndex
            let items = text.dropFirst()[..<end].split(separator: ",").map { $0.trimming(" \t\"") }
            return (items.joined(separator: ","), end < text.endIndex ? text[text.index(after: end)...] : "")
        }
        let end = text.firstIndex { " \t,}".contains($0) } ?? text.endIndex
        return (String(text[..<end]), text[end...])
    }

    static func stripComment(_ line: String) -> String {
        var inQuotes = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" { inQuotes.toggle() }
            if !inQuotes && (character == "#" || (character == "/" && previous == "/")) {
                let cut = character == "/" ? line.index(before: index) : index
                return String(line[..<cut])
            }
            previous = character
        }
        return line
    }

    /// EMQX 5: `listeners.ssl.NAME { bind = …, ssl_options { certfile, keyfile, cacertfile, versions, verify,
    /// fail_if_no_peer_cert } }`.
    static func emqx5(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .emqx5)
        let flat = flatten(text)
        configuration.problems = flat.problems
        let names = Set(
            flat.values.keys.filter { $0.hasPrefix("listeners.ssl.") }.map {
                $0.split(separator: ".")[2]
            })
        for name in names.sorted() {
            let base = "listeners.ssl.\(name)"
            func value(_ key: String) -> (value: String, line: Int)? { flat.values["\(base).\(key)"] }
            if value("enable")?.value == "false" { continue }
            let line = [value("bind"), value("ssl_options.certfile")].compactMap { $0?.line }.min() ?? 1
            var listener = BrokerConfiguration.TLSListener(
                name: "\(base)" + (value("bind").map { " (bind \($0.value))" } ?? ""), line: line)
            listener.certfile = value("ssl_options.certfile")?.value
            listener.keyfile = value("ssl_options.keyfile")?.value
            listener.cafile = value("ssl_options.cacertfile")?.value
            listener.tlsVersions = value("ssl_options.versions")?.value.split(separator: ",").map(String.init)
            listener.requiresClientCertificate = value("ssl_options.fail_if_no_peer_cert")?.value == "true"
            configuration.listeners.append(listener)
        }
        return configuration
    }

    /// NanoMQ 0.19+: `listeners.ssl { bind, keyfile, certfile, cacertfile, verify_peer, fail_if_no_peer_cert }`.
    static func nanomq(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .nanomq)
        let flat = flatten(text)
        configuration.problems = flat.problems
        let base = "listeners.ssl"
        func value(_ key: String) -> (value: String, line: Int)? { flat.values["\(base).\(key)"] }
        guard let anchor = value("bind") ?? value("certfile"), value("enable")?.value != "false" else {
            return configuration
        }
        var listener = BrokerConfiguration.TLSListener(
            name: base + (value("bind").map { " (bind \($0.value))" } ?? ""), line: anchor.line)
        listener.certfile = value("certfile")?.value
        listener.keyfile = value("keyfile")?.value
        listener.cafile = value("cacertfile")?.value
        listener.requiresClientCertificate =
            value("verify_peer")?.value == "true" && value("fail_if_no_peer_cert")?.value == "true"
        configuration.listeners.append(listener)
        return configuration
    }
}
