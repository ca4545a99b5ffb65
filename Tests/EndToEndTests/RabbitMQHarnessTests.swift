import Foundation
import TestSupport
import Testing

/// `chaindoctor probe` against a real RabbitMQ (Erlang's TLS stack, not OpenSSL's) serving the healthy chain over
/// MQTT 3.1.1, and the same node restarted with another TLS configuration.
@Suite(.timeLimit(.minutes(10))) struct RabbitMQHarnessTests {
    static func file(_ path: String) -> String { Harness.testChains.appendingPathComponent(path).path }

    /// rabbitmq.conf for the healthy scenario: MQTT over TLS on 127.0.0.1 only, no plain listener, no client
    /// certificate requested, and `extra` lines.
    static func config(_ extra: [String] = []) -> String {
        ([
            "listeners.tcp = none",
            "mqtt.listeners.tcp = none",
            "mqtt.listeners.ssl.default = 127.0.0.1:@PORT@",
            "mqtt.allow_anonymous = true",
            "ssl_options.certfile = \(file("healthy/broker.crt"))",
            "ssl_options.keyfile = \(file("healthy/broker.key"))",
            "ssl_options.cacertfile = \(file("healthy/broker-ca.crt"))",
            "ssl_options.verify = verify_none",
        ] + extra).joined(separator: "\n") + "\n"
    }

    func probe(_ port: UInt16) throws -> [String: Any] {
        let result = try Harness.run([
            "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile", Self.file("healthy/client-ca.crt"),
            "--json", "--clients", "openssl", "--mqtt-version", "3.1.1",
        ])
        return try #require(result.json, "not JSON: \(result.stdout.prefix(300)) \(result.stderr.prefix(300))")
    }

    func acceptedVersions(_ document: [String: Any]) -> [String] {
        ((document["tls"] as? [String: Any])?["acceptedVersions"] as? [[String: Any]] ?? [])
            .filter { $0["accepted"] as? Bool == true }.compactMap { $0["version"] as? String }
    }

    /// How many certificates the node sends, counted by `openssl s_client -showcerts`.
    func certificatesSent(_ port: UInt16) throws -> Int {
        let result = try Tools.run(
            "openssl",
            ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "broker.test", "-showcerts"],
            input: Data())
        return result.output.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
    }

    @Test func healthyChainThenRestartWithoutOldVersions() throws {
        let broker = try RabbitMQBroker.start(config: Self.config())
        defer { broker.stop() }

        let healthy = try probe(broker.port)
        let mqtt = try #require(healthy["mqtt"] as? [String: Any])
        #expect(mqtt["status"] as? String == "accepted", "mqtt: \(mqtt)")
        let sent = try certificatesSent(broker.port)
        // The certfile's leaf and intermediate; the root in the cacertfile stays home.
        #expect(sent == 2)
        #expect((healthy["presentedChain"] as? [Any])?.count == sent)
        let defaults = acceptedVersions(healthy)
        #expect(defaults.contains("TLSv1.2") && defaults.contains("TLSv1.3"), "\(defaults)")

        let versionLines = ["ssl_options.versions.1 = tlsv1.3", "ssl_options.versions.2 = tlsv1.2"]
        try broker.restart(config: Self.config(versionLines))
        let modern = try probe(broker.port)
        let versions = try #require((modern["tls"] as? [String: Any])?["acceptedVersions"] as? [[String: Any]])
        for old in ["TLSv1", "TLSv1.1"] {
            let entry = versions.first { $0["version"] as? String == old }
            #expect(entry?["accepted"] as? Bool == false, "\(old): \(String(describing: entry))")
        }
        #expect(acceptedVersions(modern) == ["TLSv1.2", "TLSv1.3"], "defaults were \(defaults)")
        // RabbitMQ 3.10.8 on Erlang 25 accepts TLS 1.0 to 1.3 by default: a change shows the restart read the file.
        #expect(acceptedVersions(modern) != defaults, "the restart kept the first configuration")
        #expect((modern["mqtt"] as? [String: Any])?["status"] as? String == "accepted")
    }
}
