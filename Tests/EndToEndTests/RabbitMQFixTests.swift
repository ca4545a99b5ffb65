import Foundation
import TestSupport
import Testing

/// chaindoctor against a real RabbitMQ (Debian's 3.10, Erlang's TLS) serving each scenario: every fix names
/// RabbitMQ's settings, and applying it (the test rewrites rabbitmq.conf and restarts the node) makes chaindoctor
/// exit 0. One node for the suite, restarted per configuration (a start takes about 12 s, a restart about 9 s).
@Suite(.serialized, .timeLimit(.minutes(10))) struct RabbitMQFixTests {
    static func file(_ path: String) -> String { Harness.testChains.appendingPathComponent(path).path }

    /// Started on first use; stopped, with every process it started, when the test process exits.
    nonisolated(unsafe) static let broker: Result<RabbitMQBroker, any Error> = {
        let started = Result { try RabbitMQBroker.start(config: config()) }
        atexit { try? RabbitMQFixTests.broker.get().stop() }
        return started
    }()

    /// rabbitmq.conf: MQTT over TLS on 127.0.0.1 only, with the healthy chain unless `ssl` says otherwise.
    static func config(_ ssl: [String: String] = [:], extra: [String] = []) -> String {
        var options = [
            "certfile": file("healthy/broker.crt"), "keyfile": file("healthy/broker.key"),
            "cacertfile": file("healthy/broker-ca.crt"), "verify": "verify_none",
        ]
        options.merge(ssl) { $1 }
        return
            ([
                "listeners.tcp = none", "mqtt.listeners.tcp = none", "mqtt.listeners.ssl.default = 127.0.0.1:@PORT@",
            ] + options.sorted { $0.key < $1.key }.map { "ssl_options.\($0.key) = \($0.value)" } + extra)
            .joined(separator: "\n") + "\n"
    }

    static let modernVersions = ["ssl_options.versions.1 = tlsv1.3", "ssl_options.versions.2 = tlsv1.2"]

    func serve(_ config: String) throws -> UInt16 {
        let broker = try Self.broker.get()
        try broker.restart(config: config)
        return broker.port
    }

    func probe(
        _ port: UInt16, _ extra: [String] = ["--broker", "rabbitmq"], cafile: String = "healthy/client-ca.crt"
    )
        throws -> Harness.Result
    {
        try Harness.run(
            [
                "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile", Self.file(cafile), "--json",
                "--clients", "openssl", "--mqtt-version", "3.1.1", "--timeout", "10",
            ] + extra)
    }

    /// Every fix of a warning or worse speaks RabbitMQ, never mosquitto's settings.
    func expectRabbitMQFixes(_ result: Harness.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        let findings = result.json?["findings"] as? [[String: Any]] ?? []
        for finding in findings where ["warning", "error", "critical"].contains(finding["severity"] as? String) {
            let fix = finding["fix"] as? String ?? ""
            let id = finding["id"] as? String ?? "?"
            #expect(
                ["ssl_options", "rabbitmqctl", "mqtt.allow_anonymous", "RabbitMQ"].contains { fix.contains($0) },
                "\(id): \(fix)", sourceLocation: sourceLocation)
            #expect(
                !["tls_version tlsv1.2", "mosquitto_passwd", "require_certificate", "password_file"].contains {
                    fix.contains($0)
                }, "\(id): \(fix)", sourceLocation: sourceLocation)
        }
    }

    func fix(_ result: Harness.Result, _ id: String) -> String {
        let findings = result.json?["findings"] as? [[String: Any]] ?? []
        return findings.first { $0["id"] as? String == id }?["fix"] as? String ?? "(no \(id) in \(result.findingIDs))"
    }

    /// How many certificates the node sends, counted by `openssl s_client -showcerts`.
    func certificatesSent(_ port: UInt16) throws -> Int {
        let result = try Tools.run(
            "openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "broker.test", "-showcerts"],
            input: Data())
        return result.output.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
    }

    @Test func defaultTLSVersionsThenTheFix() throws {
        let port = try serve(Self.config())
        // RabbitMQ sends the certfile as written: the leaf and the intermediate, the root staying in cacertfile.
        #expect(try certificatesSent(port) == 2)
        let before = try probe(port)
        #expect((before.json?["presentedChain"] as? [Any])?.count == 2)
        #expect((before.json?["mqtt"] as? [String: Any])?["status"] as? String == "accepted")
        #expect(before.findingIDs.contains("weak_tls_version"), "\(before.findingIDs)")
        #expect(fix(before, "weak_tls_version").contains("ssl_options.versions.1 = tlsv1.3"))
        #expect(fix(before, "weak_tls_version").contains("TLS 1.0, 1.1, 1.2 and 1.3"))
        expectRabbitMQFixes(before)
        let after = try probe(try serve(Self.config(extra: Self.modernVersions)))
        #expect(after.exitCode == 0, "\(after.findingIDs)")
        let versions = (after.json?["tls"] as? [String: Any])?["acceptedVersions"] as? [[String: Any]] ?? []
        #expect(
            versions.filter { $0["accepted"] as? Bool == true }.compactMap { $0["version"] as? String } == [
                "TLSv1.2", "TLSv1.3",
            ])
    }

    /// No --broker: RabbitMQ's return code 4 to an anonymous CONNECT identifies it, and the fix names its users.
    @Test func anonymousRefusalIdentifiesRabbitMQ() throws {
        let port = try serve(Self.config(extra: Self.modernVersions + ["mqtt.allow_anonymous = false"]))
        let refused = try probe(port, [])
        let broker = try #require(refused.json?["broker"] as? [String: Any], "\(refused.stdout.prefix(300))")
        #expect(broker["broker"] as? String == "rabbitmq")
        #expect((broker["inferredFrom"] as? String)?.contains("return code 4") == true)
        #expect(fix(refused, "mqtt_connection_refused").contains("rabbitmqctl add_user"))
        expectRabbitMQFixes(refused)
        let after = try probe(try serve(Self.config(extra: Self.modernVersions + ["mqtt.allow_anonymous = true"])), [])
        #expect(after.exitCode == 0, "\(after.findingIDs)")
    }

    /// A leaf-only certfile with a root-only cacertfile: RabbitMQ sends the leaf alone. The fix puts the
    /// intermediate in ssl_options.certfile.
    @Test func leafOnlyThenTheChainInTheCertfile() throws {
        let leafOnly = [
            "certfile": Self.file("leaf-only/broker.crt"), "keyfile": Self.file("leaf-only/broker.key"),
            "cacertfile": Self.file("leaf-only/broker-ca.crt"),
        ]
        let before = try probe(try serve(Self.config(leafOnly, extra: Self.modernVersions)))
        #expect(before.findingIDs.contains("missing_intermediate"), "\(before.findingIDs)")
        #expect(fix(before, "missing_intermediate").contains("put the intermediates in ssl_options.certfile itself"))
        expectRabbitMQFixes(before)
        let directory = try TemporaryDirectory("rabbitmq-chain")
        let chain = directory.file("chain.pem")
        try
            (String(contentsOfFile: Self.file("leaf-only/broker.crt"), encoding: .utf8)
            + String(contentsOfFile: Self.file("ca/intermediate.crt"), encoding: .utf8))
            .write(toFile: chain, atomically: true, encoding: .utf8)
        var fixed = leafOnly
        fixed["certfile"] = chain
        let after = try probe(try serve(Self.config(fixed, extra: Self.modernVersions)))
        #expect(after.exitCode == 0, "\(after.findingIDs)")
    }

    /// Intermediates out of order: RabbitMQ sends the file as written; the repaired file fixes it.
    @Test func wrongOrderThenTheRepairedCertfile() throws {
        let wrongOrder = [
            "certfile": Self.file("wrong-order/broker.crt"), "keyfile": Self.file("wrong-order/broker.key"),
            "cacertfile": Self.file("wrong-order/broker-ca.crt"),
        ]
        let before = try probe(
            try serve(Self.config(wrongOrder, extra: Self.modernVersions)), cafile: "wrong-order/client-ca.crt")
        #expect(before.findingIDs.contains("wrong_order"), "\(before.findingIDs)")
        #expect(fix(before, "wrong_order").contains("ssl_options.certfile"))
        expectRabbitMQFixes(before)
        let directory = try TemporaryDirectory("rabbitmq-repair")
        let repaired = directory.file("repaired.pem")
        let repair = try Harness.run([
            "check", Self.file("wrong-order/broker.crt"), "--cafile", Self.file("wrong-order/client-ca.crt"),
            "--hostname", "broker.test", "--repair", repaired, "--clients", "openssl",
        ])
        #expect(FileManager.default.fileExists(atPath: repaired), "\(repair.stdout)")
        var fixed = wrongOrder
        fixed["certfile"] = repaired
        let after = try probe(
            try serve(Self.config(fixed, extra: Self.modernVersions)), cafile: "wrong-order/client-ca.crt")
        #expect(after.exitCode == 0, "\(after.findingIDs)")
    }

    /// Client certificates required: the fix says how RabbitMQ stops requiring them.
    @Test func clientCertificateRequiredThenOptional() throws {
        let mtls = [
            "certfile": Self.file("mtls-required/broker.crt"), "keyfile": Self.file("mtls-required/broker.key"),
            "cacertfile": Self.file("mtls-required/broker-ca.crt"), "verify": "verify_peer",
            "fail_if_no_peer_cert": "true",
        ]
        let before = try probe(
            try serve(Self.config(mtls, extra: Self.modernVersions)), cafile: "mtls-required/client-ca.crt")
        #expect(before.findingIDs.contains("client_certificate_required"), "\(before.findingIDs)")
        #expect(fix(before, "client_certificate_required").contains("ssl_options.fail_if_no_peer_cert = false"))
        expectRabbitMQFixes(before)
        var fixed = mtls
        fixed["fail_if_no_peer_cert"] = "false"
        let after = try probe(
            try serve(Self.config(fixed, extra: Self.modernVersions)), cafile: "mtls-required/client-ca.crt")
        #expect(after.exitCode == 0, "\(after.findingIDs)")
    }
}
