import Foundation
import TestSupport
import Testing

/// `chaindoctor probe --broker ejabberd` against a real ejabberd (mod_mqtt over TLS) serving the healthy chain,
/// then the same node restarted with the leaf-only scenario's files, without and with the intermediate among its
/// `certfiles` (ejabberd completes the chain only from certificates it was given).
@Suite(.timeLimit(.minutes(10))) struct EjabberdHarnessTests {
    static func file(_ path: String) -> String { Harness.testChains.appendingPathComponent(path).path }

    /// Probes with the scenario's client CA file, logging in with a user name and password the broker accepts
    /// (ejabberd 23.01 refuses a CONNECT without a password; see EjabberdBroker). chaindoctor sends them only
    /// over a verified chain.
    func probe(_ broker: EjabberdBroker, scenario: String) throws -> Harness.Result {
        try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test",
            "--cafile", Self.file("\(scenario)/client-ca.crt"), "--json", "--clients", "openssl",
            "--broker", "ejabberd", "--username", EjabberdBroker.username, "--password-file", broker.passwordFile,
        ])
    }

    func status(_ document: [String: Any], _ section: String) -> String? {
        (document[section] as? [String: Any])?["status"] as? String
    }

    @Test func healthyChainThenLeafOnlyWithoutAndWithTheIntermediate() throws {
        let broker = try EjabberdBroker.start(certfiles: [
            Self.file("healthy/broker.crt"), Self.file("healthy/broker.key"),
        ])
        defer { broker.stop() }

        let healthy = try probe(broker, scenario: "healthy")
        #expect(healthy.exitCode == 0, "\(healthy.stdout.prefix(600)) \(healthy.stderr)")
        let document = try #require(healthy.json, "not JSON: \(healthy.stdout.prefix(300)) \(healthy.stderr)")
        #expect(status(document, "mqtt") == "accepted", "mqtt: \(String(describing: document["mqtt"]))")
        #expect(status(document, "verdict") != "rejected", "verdict: \(String(describing: document["verdict"]))")
        #expect((document["presentedChain"] as? [Any])?.count == 2)

        // The leaf and its key only: ejabberd has no intermediate to complete the chain with and sends the leaf.
        try broker.restart(certfiles: [Self.file("leaf-only/broker.crt"), Self.file("leaf-only/broker.key")])
        let leafOnly = try probe(broker, scenario: "leaf-only")
        let leafDocument = try #require(leafOnly.json, "not JSON: \(leafOnly.stdout.prefix(300)) \(leafOnly.stderr)")
        #expect(leafOnly.exitCode == 2)
        #expect((leafDocument["presentedChain"] as? [Any])?.count == 1)
        #expect(leafOnly.findingIDs.contains("missing_intermediate"), "\(leafOnly.findingIDs)")
        // The fix speaks ejabberd: its certfiles list, which it completes the chain from, and its reload.
        let fix =
            (leafDocument["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "missing_intermediate" }?[
                "fix"] as? String ?? ""
        #expect(
            fix.contains("the global certfiles: list") && fix.contains("listing the intermediate's own file"), "\(fix)")
        #expect(fix.contains("ejabberdctl reload_config") && !fix.contains("mosquitto"), "\(fix)")
        #expect(status(leafDocument, "verdict") == "rejected")
        #expect(status(leafDocument, "mqtt") == "withheld")

        // The intermediate's own file added to certfiles: ejabberd sends it after the leaf.
        try broker.restart(certfiles: [
            Self.file("leaf-only/broker.crt"), Self.file("leaf-only/broker.key"), Self.file("ca/intermediate.crt"),
        ])
        let completed = try probe(broker, scenario: "leaf-only")
        let completedDocument = try #require(completed.json, "not JSON: \(completed.stdout.prefix(300))")
        #expect(completed.exitCode == 0, "\(completed.findingIDs)")
        #expect((completedDocument["presentedChain"] as? [Any])?.count == 2)
        #expect(!completed.findingIDs.contains("missing_intermediate"), "\(completed.findingIDs)")
        #expect(status(completedDocument, "mqtt") == "accepted")
    }
}
