import Foundation
import TestSupport
import Testing

/// `chaindoctor probe` against a real mosquitto serving each TestChains scenario: the right finding in JSON
/// and text, OpenSSL's verdict, the MQTT step, and the exit code.
@Suite(.timeLimit(.minutes(10))) struct ProbeScenarioTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var finding: String
        var exitCode: Int32
        var opensslCode: Int
        var opensslText: String
        var presented: Int
        var mqtt: String
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        .init(
            name: "healthy", finding: "chain_valid", exitCode: 0, opensslCode: 0, opensslText: "ok", presented: 2,
            mqtt: "accepted"),
        .init(
            name: "leaf-only", finding: "missing_intermediate", exitCode: 2, opensslCode: 20,
            opensslText: "unable to get local issuer certificate", presented: 1, mqtt: "withheld"),
        .init(
            name: "wrong-order", finding: "wrong_order", exitCode: 1, opensslCode: 0, opensslText: "ok", presented: 3,
            mqtt: "accepted"),
        .init(
            name: "expired-leaf", finding: "expired", exitCode: 2, opensslCode: 10,
            opensslText: "certificate has expired",
            presented: 2, mqtt: "withheld"),
        .init(
            name: "expired-intermediate", finding: "expired", exitCode: 2, opensslCode: 10,
            opensslText: "certificate has expired", presented: 2, mqtt: "withheld"),
        .init(
            name: "hostname-mismatch", finding: "hostname_mismatch", exitCode: 2, opensslCode: 62,
            opensslText: "hostname mismatch", presented: 2, mqtt: "withheld"),
        .init(
            name: "untrusted-root", finding: "untrusted_root", exitCode: 2, opensslCode: 20,
            opensslText: "unable to get local issuer certificate", presented: 2, mqtt: "withheld"),
        .init(
            name: "self-signed-leaf", finding: "self_signed_leaf", exitCode: 2, opensslCode: 18,
            opensslText: "self-signed certificate", presented: 1, mqtt: "withheld"),
    ]

    @Test(arguments: scenarios)
    func probeNamesTheProblem(scenario: Scenario) throws {
        let broker = try ServerProcess.mosquitto(scenario: scenario.name)
        let cafile = Harness.testChains.appendingPathComponent(scenario.name).appendingPathComponent("client-ca.crt")
            .path
        let arguments = [
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile", cafile, "--timeout", "5",
            // The chain's own findings; the other client families are ClientFamilyScenarioTests'.
            "--clients", "openssl",
        ]

        let json = try Harness.run(arguments + ["--json"])
        #expect(json.exitCode == scenario.exitCode, "stderr: \(json.stderr)")
        let document = try #require(json.json, "not JSON: \(json.stdout.prefix(300))")
        #expect(document["schemaVersion"] as? Int == 7)
        #expect(document["kind"] as? String == "probe")
        #expect(json.findingIDs.first == scenario.finding, "findings: \(json.findingIDs)")
        #expect((document["presentedChain"] as? [Any])?.count == scenario.presented)
        let openssl = try #require(document["openssl"] as? [String: Any])
        #expect(openssl["verifyCode"] as? Int == scenario.opensslCode)
        #expect(openssl["verifyError"] as? String == scenario.opensslText)
        #expect(!json.findingIDs.contains("verdict_disagreement"))
        let mqtt = try #require(document["mqtt"] as? [String: Any])
        #expect(mqtt["status"] as? String == scenario.mqtt)
        if scenario.mqtt == "accepted" {
            #expect(mqtt["returnCode"] as? Int == 0)
        }

        let text = try Harness.run(arguments, environment: ["NO_COLOR": "1"])
        #expect(text.exitCode == scenario.exitCode)
        let firstLine = text.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let expectedVerdict = scenario.exitCode == 0 ? "OK:" : scenario.exitCode == 1 ? "WARNING:" : "REJECTED:"
        #expect(firstLine.hasPrefix(expectedVerdict), "verdict first: \(firstLine)")
        #expect(text.stdout.contains(scenario.finding))
        #expect(text.stdout.contains("\(scenario.opensslCode) \(scenario.opensslText)"))
        #expect(!text.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set or stdout is not a TTY")
    }

    @Test func insecureRunsMQTTOnABrokenChainWithoutChangingTheVerdict() throws {
        let broker = try ServerProcess.mosquitto(scenario: "leaf-only")
        let cafile = Harness.testChains.appendingPathComponent("leaf-only/client-ca.crt").path
        let result = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile", cafile, "--insecure",
            "--json",
        ])
        #expect(result.exitCode == 2)
        let mqtt = try #require(result.json?["mqtt"] as? [String: Any])
        #expect(mqtt["status"] as? String == "accepted")
    }

    @Test func healthyBrokerByIPAddressChecksTheIPSAN() throws {
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path
        let result = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--cafile", cafile, "--json", "--no-mqtt", "--clients",
            "openssl,go,java",
        ])
        #expect(result.exitCode == 0, "\(result.findingIDs)")
        // mbedTLS 2.x matches an IP address only as text, never an iPAddress SAN: ESP32 devices on it fail.
        let devices = try Harness.run(["probe", "127.0.0.1:\(broker.port)", "--cafile", cafile, "--json", "--no-mqtt"])
        #expect(devices.exitCode == 2 && devices.findingIDs.contains("client_rejects"), "\(devices.findingIDs)")
        #expect((result.json?["target"] as? [String: Any])?["serverName"] == nil, "an IP literal carries no SNI")
        #expect((result.json?["mqtt"] as? [String: Any])?["status"] as? String == "skipped")
    }

    @Test func brokerOverIPv6() throws {
        // The healthy scenario's listener, once on 127.0.0.1 (to know it is up) and once on ::1.
        let template = try String(
            contentsOfFile: Harness.testChains.appendingPathComponent("healthy/mosquitto.conf").path,
            encoding: .utf8)
        let tlsLines = template.split(separator: "\n").drop { !$0.hasPrefix("listener ") }.dropFirst().joined(
            separator: "\n")
        let v6 = try Loopback.freePort()
        let config = template + "\nlistener \(v6) ::1\n" + tlsLines + "\n"
        let broker = try ServerProcess.mosquitto(config: config, name: "healthy-ipv6", directory: "healthy")
        defer { withExtendedLifetime(broker) {} }
        let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path
        let result = try Harness.run([
            "probe", "[::1]:\(v6)", "--servername", "broker.test", "--cafile", cafile, "--json", "--quick",
        ])
        #expect(result.exitCode == 0, "\(result.findingIDs) \(result.stderr)")
        #expect((result.json?["target"] as? [String: Any])?["address"] as? String == "[::1]:\(v6)")
        #expect((result.json?["mqtt"] as? [String: Any])?["status"] as? String == "accepted")
    }

    @Test func capathIsAHashedDirectory() throws {
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        let dir = NSTemporaryDirectory() + "chaindoctor-capath-\(broker.port)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(
            atPath: Harness.testChains.appendingPathComponent("ca/root.crt").path, toPath: dir + "/root.crt")
        let rehash = Process()
        rehash.executableURL = URL(fileURLWithPath: try Tools.require("openssl"))
        rehash.arguments = ["rehash", dir]
        try rehash.run()
        rehash.waitUntilExit()
        let result = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--capath", dir, "--json",
        ])
        #expect(result.exitCode == 0, "\(result.findingIDs) \(result.stderr)")
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
    }
}
