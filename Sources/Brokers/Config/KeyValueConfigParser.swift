/// The `key = value` (cuttlefish) format of rabbitmq.conf, EMQX 4's emqx.conf and vernemq.conf: one setting per
import FoundationSubstitutes

/// line, `#` comments. Each broker's keys are mapped to its TLS listeners.
enum KeyValueConfigParser {
    /// The settings with their line numbers; a line without `=` is a problem.
    static func settings(
        _ text: String
    ) -> (values: [String: (value: String, line: Int)], problems: [BrokerConfiguration.Problem]) {
        var values: [String: (value: String, line: Int)] = [:]
        var problems: [BrokerConfiguration.Problem] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimming(" \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append(.init(line: offset + 1, message: "expected key = value, found '\(line.prefix(60))'"))
                continue
            }
            let key = line[..<equals].trimming(" \t")
            let value = line[line.index(after: equals)...].trimming(" \t\"")
            values[key] = (value, offset + 1)
        }
        return (values, problems)
    }

    /// rabbitmq.conf: `mqtt.listeners.ssl.NAME = PORT` with the node-wide `ssl_options.*` (RabbitMQ's TLS guide).
    static func rabbitmq(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .rabbitmq)
        let (values, problems) = settings(text)
        configuration.problems = problems
        let versions = values.keys.filter { $0.hasPrefix("ssl_options.versions.") }.sorted().compactMap {
            values[$0]?.value
        }
        for key in values.keys.sorted() where key.hasPrefix("mqtt.listeners.ssl.") && values[key]?.value != "none" {
            var listener = BrokerConfiguration.TLSListener(
                name: "\(key) = \(values[key]!.value)", line: values[key]!.line)
            listener.certfile = values["ssl_options.certfile"]?.value
            listener.keyfile = values["ssl_options.keyfile"]?.value
            listener.cafile = values["ssl_options.cacertfile"]?.value
            listener.tlsVersions = versions.isEmpty ? nil : versions
            listener.requiresClientCertificate = values["ssl_options.fail_if_no_peer_cert"]?.value == "true"
            configuration.listeners.append(listener)
        }
        return configuration
    }

    /// EMQX 4's emqx.conf (and its listeners.conf): `listener.ssl.NAME = PORT` with `listener.ssl.NAME.*`.
    static func emqx4(_ text: String) -> BrokerConfiguration {
        prefixed(
            text, broker: .emqx4, listenerPrefix: "listener.ssl.", certfile: "certfile", keyfile: "keyfile",
            cafile: "cacertfile", versions: "tls_versions", require: ("fail_if_no_peer_cert", "true"))
    }

    /// vernemq.conf: `listener.ssl.NAME = ADDRESS:PORT` with the shared `listener.ssl.*` file settings.
    static func vernemq(_ text: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: .vernemq)
        let (values, problems) = settings(text)
        configuration.problems = problems
        let fileKeys: Set = ["certfile", "keyfile", "cafile", "tls_version", "require_certificate", "ciphers", "depth"]
        for key in values.keys.sorted() where key.hasPrefix("listener.ssl.") {
            let name = String(key.dropFirst("listener.ssl.".count))
            guard !name.contains("."), !fileKeys.contains(name) else { continue }
            var listener = BrokerConfiguration.TLSListener(
                name: "\(key) = \(values[key]!.value)", line: values[key]!.line)
            func value(_ setting: String) -> String? {
                values["listener.ssl.\(name).\(setting)"]?.value ?? values["listener.ssl.\(setting)"]?.value
            }
            listener.certfile = value("certfile")
            listener.keyfile = value("keyfile")
            listener.cafile = value("cafile")
            listener.tlsVersions = value("tls_version").map { [$0] }
            listener.requiresClientCertificate = value("require_certificate") == "on"
            configuration.listeners.append(listener)
        }
        return configuration
    }

    static func prefixed(
        _ text: String, broker: Broker, listenerPrefix: String, certfile: String, keyfile: String, cafile: String,
        versions: String, require: (key: String, value: String)
    ) -> BrokerConfiguration {
        var configuration = BrokerConfiguration(broker: broker)
        let (values, problems) = settings(text)
        configuration.problems = problems
        for key in values.keys.sorted() where key.hasPrefix(listenerPrefix) {
            let name = String(key.dropFirst(listenerPrefix.count))
            guard !name.contains(".") else { continue }
            var listener = BrokerConfiguration.TLSListener(
                name: "\(key) = \(values[key]!.value)", line: values[key]!.line)
            func value(_ setting: String) -> String? { values["\(key).\(setting)"]?.value }
            listener.certfile = value(certfile)
            listener.keyfile = value(keyfile)
            listener.cafile = value(cafile)
            listener.tlsVersions = value(versions).map {
                $0.split(separator: ",").map { $0.trimming(" ") }
            }
            listener.requiresClientCertificate = value(require.key) == require.value
            configuration.listeners.append(listener)
        }
        return configuration
    }
}
