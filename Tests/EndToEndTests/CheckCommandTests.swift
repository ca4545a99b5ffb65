import Foundation
import TestSupport
import Testing

/// `chaindoctor check` on a broker's files: the key, the file's contents, --at, and --repair, whose output must
/// be accepted by `openssl verify` and by mosquitto_sub against a real mosquitto serving it.
@Suite(.timeLimit(.minutes(10))) struct CheckCommandTests {
    static let chains = Harness.testChains
    static func file(_ scenario: String, _ name: String) -> String {
        chains.appendingPathComponent(scenario).appendingPathComponent(name).path
    }

    /// mosquitto_sub over TLS to a mosquitto serving `certfile`: does a real OpenSSL-based client connect and
    /// subscribe (-E: exit once the subscription is acknowledged)?
    func mosquittoSubscribes(certfile: String, scenario: String) throws -> Bool {
        let template = try String(contentsOfFile: Self.file(scenario, "mosquitto.conf"), encoding: .utf8)
        let config = template.replacingOccurrences(of: "certfile @DIR@/broker.crt", with: "certfile \(certfile)")
        let broker = try ServerProcess.mosquitto(config: config, name: scenario + "-repaired")
        let result = try Tools.run(
            "mosquitto_sub",
            [
                "-h", "127.0.0.1", "-p", String(broker.port), "--cafile", Self.file(scenario, "client-ca.crt"),
                "-t", "chaindoctor/test", "-E", "-W", "5",
            ])
        return result.status == 0
    }

    @Test(arguments: [
        ("leaf-only", ["--intermediates", chains.appendingPathComponent("ca").path]), ("wrong-order", []),
    ])
    func repairWritesAChainClientsAccept(scenario: String, extra: [String]) throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let output = directory + "/broker-chain.crt"
        // The chain as it is: for leaf-only a real client fails, which is what makes the next assertion mean something.
        if scenario == "leaf-only" {
            #expect(try !mosquittoSubscribes(certfile: Self.file(scenario, "broker.crt"), scenario: scenario))
        }
        let result = try Harness.run(
            [
                "check", Self.file(scenario, "broker.crt"), "--cafile", Self.file(scenario, "client-ca.crt"),
                "--hostname", "broker.test", "--repair", output, "--json",
            ] + extra)
        let repair = try #require(result.json?["repair"] as? [String: Any], "\(result.stdout)")
        #expect(repair["written"] as? Bool == true, "\(repair)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(
            written.components(separatedBy: "BEGIN CERTIFICATE").count - 1 == (scenario == "leaf-only" ? 2 : 3),
            "leaf and intermediates, root left out")

        let verify = try Tools.run(
            "openssl",
            [
                "verify", "-CAfile", Self.file(scenario, "client-ca.crt"), "-untrusted", output,
                "-verify_hostname", "broker.test", output,
            ])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(try mosquittoSubscribes(certfile: output, scenario: scenario))

        // And chaindoctor itself now finds nothing to fix in the repaired file.
        let again = try Harness.run([
            "check", output, "--cafile", Self.file(scenario, "client-ca.crt"),
            "--hostname", "broker.test", "--json",
        ])
        #expect(again.findingIDs == ["chain_valid"])
        #expect(again.exitCode == 0)
    }

    @Test func repairRefusesWhenNoTrustedPathExists() throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let output = directory + "/broker-chain.crt"
        let result = try Harness.run([
            "check", Self.file("leaf-only", "broker.crt"), "--cafile",
            Self.file("leaf-only", "client-ca.crt"), "--repair", output,
        ])
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("not written (\(output)): no path from the leaf to a trusted root"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func systemTrustStoreByDefault() throws {
        // Without --cafile/--capath the client trusts the system bundle, which does not hold the test root.
        let result = try Harness.run([
            "check", Self.file("healthy", "broker.crt"), "--hostname", "broker.test", "--json",
        ])
        let store = try #require(result.json?["trustStore"] as? [String: Any])
        #expect(store["kind"] as? String == "system")
        #expect((store["anchorCount"] as? Int ?? 0) > 50)
        #expect(result.findingIDs == ["untrusted_root"])
        #expect(
            (result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 20, "OpenSSL's default paths agree")
    }

    @Test func keyOfAnotherCertificateIsAMismatch() throws {
        let result = try Harness.run([
            "check", Self.file("healthy", "broker.crt"), "--key", Self.file("leaf-only", "broker.key"),
            "--cafile", Self.file("healthy", "client-ca.crt"), "--json",
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.findingIDs == ["key_mismatch", "chain_valid"], "the chain itself is sound; the key is not its key")
    }

    @Test func encryptedKeyIsReportedWithoutPrompting() throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let encrypted = directory + "/broker.key"
        try Tools.run(
            "openssl",
            [
                "pkey", "-in", Self.file("healthy", "broker.key"), "-aes256", "-passout", "pass:secret",
                "-out", encrypted,
            ])
        let result = try Harness.run([
            "check", Self.file("healthy", "broker.crt"), "--key", encrypted,
            "--cafile", Self.file("healthy", "client-ca.crt"), "--json",
        ])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["key_unreadable", "chain_valid"])
        #expect((result.json?["findings"] as? [[String: Any]])?.first?["severity"] as? String == "error")
    }

    @Test func privateKeyPastedIntoTheCertfile() throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let combined = directory + "/broker.crt"
        let text =
            try String(contentsOfFile: Self.file("healthy", "broker.crt"), encoding: .utf8)
            + String(contentsOfFile: Self.file("healthy", "broker.key"), encoding: .utf8)
        try text.write(toFile: combined, atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "check", combined, "--key", Self.file("healthy", "broker.key"),
            "--cafile", Self.file("healthy", "client-ca.crt"), "--json",
        ])
        #expect(result.exitCode == 1)
        #expect(result.findingIDs == ["private_key_in_certfile", "chain_valid"])
        let evidence = (result.json?["findings"] as? [[String: Any]])?.first?["evidence"] as? String
        #expect(evidence?.contains("line 44") == true, "\(evidence ?? "")")
    }

    @Test func curveSwiftCertificatesRefusesIsAWeakKey() throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let cert = directory + "/p224.crt"
        try Tools.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-224", "-nodes",
                "-keyout", directory + "/p224.key", "-out", cert, "-days", "30", "-subj", "/CN=broker.test",
            ])
        let result = try Harness.run(["check", cert, "--cafile", Self.file("healthy", "client-ca.crt"), "--json"])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["weak_key"])
        let message = (result.json?["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("P-224"), "\(message)")

        // The same certificate in a client's CA bundle: the bundle still loads; the analyzer uses what it can read
        // and OpenSSL gets it all.
        let mixed = directory + "/mixed-ca.crt"
        try
            (String(contentsOfFile: cert, encoding: .utf8)
            + String(contentsOfFile: Self.file("healthy", "client-ca.crt"), encoding: .utf8))
            .write(toFile: mixed, atomically: true, encoding: .utf8)
        let healthy = try Harness.run([
            "check", Self.file("healthy", "broker.crt"), "--cafile", mixed, "--hostname", "broker.test", "--json",
        ])
        #expect(healthy.exitCode == 0, "\(healthy.stderr)")
        let store = healthy.json?["trustStore"] as? [String: Any]
        #expect(store?["anchorCount"] as? Int == 1)
        #expect(store?["unsupportedCount"] as? Int == 1)
    }

    @Test func derCertfileIsAccepted() throws {
        let scratch = try TemporaryDirectory("check")
        let directory = scratch.path
        let der = directory + "/broker.der"
        try Tools.run("openssl", ["x509", "-in", Self.file("healthy", "broker.crt"), "-outform", "der", "-out", der])
        let result = try Harness.run([
            "check", der, "--cafile", Self.file("healthy", "client-ca.crt"),
            "--hostname", "broker.test", "--json",
        ])
        #expect(result.findingIDs == ["missing_intermediate"], "a DER file holds the leaf alone")
        #expect(result.exitCode == 2)
    }

    @Test func atJudgesValidityOnThatDay() throws {
        let arguments = [
            "check", Self.file("healthy", "broker.crt"), "--cafile", Self.file("healthy", "client-ca.crt"),
            "--hostname", "broker.test", "--json",
        ]
        let rollout = try Harness.run(arguments + ["--at", "2099-12-20"])
        #expect(rollout.findingIDs.first == "expiring_soon")
        #expect(rollout.exitCode == 1)
        // The windows: inside --crit-days it is an error (exit 2) though clients still accept the chain today;
        // outside a narrowed --warn-days there is nothing to say.
        let critical = try Harness.run(arguments + ["--at", "2099-12-28"])
        let criticalFinding = (critical.json?["findings"] as? [[String: Any]])?.first
        #expect(criticalFinding?["id"] as? String == "expiring_soon")
        #expect(criticalFinding?["severity"] as? String == "error")
        #expect(critical.exitCode == 2)
        #expect((critical.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
        let narrowed = try Harness.run(arguments + ["--at", "2099-12-20", "--warn-days", "5", "--crit-days", "2"])
        #expect(narrowed.findingIDs == ["chain_valid"])
        #expect(narrowed.exitCode == 0)
        let late = try Harness.run(arguments + ["--at", "2100-01-02T00:00:00Z"])
        #expect(late.findingIDs.first == "expired")
        #expect((late.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 10)
        #expect(late.exitCode == 2)
        let bad = try Harness.run(arguments + ["--at", "next tuesday"])
        #expect(bad.exitCode == 3)
        #expect(bad.stderr.contains("--at 'next tuesday' is not an ISO 8601 date"))
    }
}
