import Dispatch
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// `chaindoctor lab` as a device developer uses it: real clients (mosquitto_sub, Python's paho-mqtt) connect where
/// the lab's table says connect and fail with the stated OpenSSL error where it says reject; the scenarios that are
/// not about the chain behave as their mosquitto does; and the lab outlives a fuzzing client.
@Suite(.timeLimit(.minutes(10))) struct LabTests {
    /// The chain scenarios a client dialling broker.test with the scenario's client-ca.crt can be pointed at.
    static func chainScenarios(_ lab: SharedLab) -> [(name: String, port: Int, caFile: String, code: Int)] {
        lab.entries.values.compactMap { entry in
            guard let name = entry["scenario"] as? String, let port = entry["port"] as? Int,
                let caFile = entry["caFile"] as? String, let code = entry["opensslCode"] as? Int,
                entry["serverName"] as? String == "broker.test"
            else { return nil }
            return (name, port, caFile, code)
        }.sorted { $0.name < $1.name }
    }

    @Test func mosquittoSubAndPahoDoWhatTheTableSays() throws {
        let lab = try SharedLab.shared()
        let scratch = try TemporaryDirectory("lab-clients")
        // broker.test is 127.0.0.1, as a developer's /etc/hosts would make it.
        let environment = try NSSWrapper.environment(resolving: [("127.0.0.1", "broker.test")], in: scratch)
        let paho = TestPaths.packageRoot.appendingPathComponent("Tests/ClientStacks/paho/connect.py").path
        let scenarios = Self.chainScenarios(lab)
        #expect(scenarios.count >= 20, "\(scenarios.map(\.name))")
        for scenario in scenarios {
            // -E: exit once the SUBSCRIBE is acknowledged, which the lab does.
            let (status, output) = try Tools.run(
                "mosquitto_sub",
                [
                    "-h", "broker.test", "-p", String(scenario.port), "--cafile", scenario.caFile, "-t", "lab/test",
                    "-E", "-i", "chaindoctor-lab-test", "-d",
                ], environment: environment)
            if scenario.code == 0 {
                #expect(status == 0, "\(scenario.name): the table says connect; mosquitto_sub: \(output)")
            } else {
                #expect(status != 0, "\(scenario.name): the table says reject; mosquitto_sub connected")
                // libmosquitto names OpenSSL's error with -d (debug): "...:certificate verify failed".
                #expect(output.contains("certificate verify failed"), "\(scenario.name): \(output)")
            }

            let (_, said) = try Tools.run(
                "python3", [paho, "broker.test", String(scenario.port), scenario.caFile], environment: environment)
            if scenario.code == 0 {
                #expect(said.hasPrefix("connected: Success"), "\(scenario.name): paho: \(said)")
            } else {
                let text = try #require(lab.entries[scenario.name]?["expectation"] as? String)
                // "reject: verify error 20 (unable to get local issuer certificate)": paho prints OpenSSL's text.
                let reason = text.split(separator: "(", maxSplits: 1).last.map { String($0.dropLast()) } ?? text
                #expect(said.hasPrefix("refused: SSLCertVerificationError"), "\(scenario.name): paho: \(said)")
                // Python words code 62 itself ("Hostname mismatch, certificate is not valid for ...").
                #expect(
                    said.lowercased().contains(reason.lowercased()),
                    "\(scenario.name): paho should say '\(reason)': \(said)")
            }
        }
    }

    /// The scenarios about something else than the chain, as their mosquitto configurations make them.
    @Test func clientCertificatesPlainMQTTAnonymousAndTLS11() throws {
        let lab = try SharedLab.shared()
        let ca = TestPaths.scenarioFile("healthy", "client-ca.crt")
        func probe(_ scenario: String, _ extra: [String] = []) throws -> Harness.Result {
            try Harness.run(
                [
                    "probe", "127.0.0.1:\(try lab.port(scenario))", "--servername", "broker.test", "--cafile", ca,
                    "--json", "--clients", "openssl", "--timeout", "5",
                ] + extra)
        }
        let mtls = try probe("mtls-required")
        #expect(mtls.findingIDs.contains("client_certificate_required"), "\(mtls.findingIDs)")
        let withCertificate = try probe(
            "mtls-required",
            [
                "--cert", TestPaths.scenarioFile("mtls-required", "client.crt"), "--key",
                TestPaths.scenarioFile("mtls-required", "client.key"),
            ])
        #expect(withCertificate.exitCode == 0, "\(withCertificate.findingIDs)")

        let plain = try probe("plain-listener")
        #expect(plain.findingIDs.contains("plain_mqtt_listener"), "\(plain.findingIDs)")

        let anonymous = try probe("mqtt-auth")
        #expect(anonymous.findingIDs.contains("mqtt_connection_refused"), "\(anonymous.findingIDs)")
        #expect((anonymous.json?["mqtt"] as? [String: Any])?["returnCode"] as? Int == 5)

        let tls11 = try probe("tls11")
        #expect(tls11.findingIDs.contains("weak_tls_version"), "\(tls11.findingIDs)")

        let http = try probe("http-listener")
        #expect(http.findingIDs.contains("http_listener"), "\(http.findingIDs)")

        let started = Date()
        let silent = try probe("silent-port", ["--timeout", "2"])
        #expect(silent.exitCode == 3, "nothing observed: \(silent.stderr)")
        #expect(Date().timeIntervalSince(started) < 4, "the probe's own timeout ends the wait")
    }

    /// Random bytes, half handshakes and 1,000 connections opened and dropped: the lab keeps serving.
    @Test func theLabOutlivesAFuzzingClient() throws {
        let lab = try SharedLab.shared()
        let port = try lab.port("healthy")
        var generator = SeededGenerator(seed: 13)
        for round in 0..<200 {
            let fd = try HTTPGet.connect(port: port)
            let length = Int.random(in: 1...600, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Every fourth a TLS record header first, so that OpenSSL parses further into the junk.
            if round % 4 == 0 { bytes = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + bytes }
            try? HTTPGet.send(fd, bytes)
            close(fd)
        }
        // Half handshakes: a ClientHello's start, then nothing, held open while the rest goes on.
        var held: [Int32] = []
        for _ in 0..<50 {
            let fd = try HTTPGet.connect(port: port)
            try? HTTPGet.send(fd, [0x16, 0x03, 0x01, 0x00, 0xF0, 0x01])
            held.append(fd)
        }
        defer { held.forEach { close($0) } }
        for _ in 0..<1_000 { close(try HTTPGet.connect(port: port)) }

        let after = try Harness.run([
            "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile("healthy", "client-ca.crt"), "--json", "--clients", "openssl", "--quick",
        ])
        #expect(after.exitCode == 0, "the lab still serves: \(after.findingIDs) \(after.stderr)")
        #expect(lab.server.process.isRunning)
    }
}

/// `chaindoctor demo` (the README's first command) and the lab's table for a person.
@Suite(.timeLimit(.minutes(10))) struct DemoTests {
    @Test func theDemoDiagnosesLeafOnlyWithNothingInstalled() throws {
        let result = try Harness.run(["demo"], environment: ["NO_COLOR": "1"])
        #expect(result.exitCode == 2, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("chaindoctor demo: the lab serves 'leaf-only' on 127.0.0.1:") == true)
        #expect(lines.contains { $0.hasPrefix("REJECTED: ") }, "\(result.stdout.prefix(600))")
        #expect(result.stdout.contains("CRITICAL missing_intermediate"))
        #expect(result.stdout.contains("What to try next:"))

        let json = try Harness.run(["demo", "wrong-order", "--json"])
        // OpenSSL reorders (a warning); mbedTLS 2.28, one of the default --clients, does not (an error).
        #expect(json.exitCode == 2, "\(json.findingIDs)")
        #expect(json.findingIDs.contains("wrong_order") && json.findingIDs.contains("client_rejects"))

        let unknown = try Harness.run(["demo", "no-such-scenario"])
        #expect(unknown.exitCode == 3)
        #expect(unknown.stderr.split(separator: "\n").count == 1 && unknown.stderr.contains("leaf-only"))
    }

    @Test func theLabPrintsItsTableAndWarnsWhenOpenedWider() throws {
        let lab = try ServerProcess.start(executable: try Harness.binary.path) { port in
            ["lab", "healthy", "leaf-only", "--port-base", String(port)]
        }
        try lab.waitForLog("Clients dial the name broker.test")
        let lines = lab.log.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("chaindoctor lab: 2 broken brokers on 127.0.0.1") == true, "\(lab.log)")
        #expect(lines.contains { $0.hasPrefix("\(lab.port)  healthy") && $0.contains("connect") }, "\(lab.log)")
        #expect(
            lines.contains {
                $0.hasPrefix("\(lab.port + 1)  leaf-only")
                    && $0.contains("reject: verify error 20 (unable to get local issuer certificate)")
            }, "\(lab.log)")

        let overflow = try Harness.run(["lab", "--port-base", "65530"])
        #expect(overflow.exitCode == 3 && overflow.stderr.contains("the last port is 65535"), "\(overflow.stderr)")

        let wide = try ServerProcess.start(executable: try Harness.binary.path) { port in
            ["lab", "healthy", "--port-base", String(port), "--bind", "0.0.0.0"]
        }
        try wide.waitForLog("keep them off networks you do not control")
    }
}
