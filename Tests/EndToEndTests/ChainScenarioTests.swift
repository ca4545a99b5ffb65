import Foundation
import TestSupport
import Testing

/// Every TestChains scenario, through `check` on the broker's files and through `probe` against a real mosquitto
/// serving them: the same findings and no others, OpenSSL's verdict beside ours, and the exit code, as each
/// scenario's `expected.json` records them. These are the chain's findings for OpenSSL clients (`--clients openssl`);
/// what the other client families make of each scenario is `ClientFamilyScenarioTests`'.
@Suite(.timeLimit(.minutes(10))) struct ChainScenarioTests {
    func path(_ scenario: ChainScenarioCase, _ file: String) -> String {
        TestPaths.scenarioFile(scenario.scenario, file)
    }

    func expectFindings(
        _ result: Harness.Result, _ expected: [String], _ scenario: ChainScenarioCase,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.exitCode == Self.exitCode(scenario), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.findingIDs == expected, sourceLocation: sourceLocation)
        let openssl = result.json?["openssl"] as? [String: Any]
        #expect(openssl?["verifyCode"] as? Int == Int(scenario.opensslCode), sourceLocation: sourceLocation)
    }

    /// The monitoring exit code a scenario's findings make: 2 when OpenSSL rejects the chain, 1 with a warning.
    static func exitCode(_ scenario: ChainScenarioCase) -> Int32 {
        if scenario.rejected || scenario.findings.contains(where: strictRefusals.contains) { return 2 }
        return scenario.findings.contains { warnings.contains($0) } ? 1 : 0
    }

    /// Findings that OpenSSL accepts and strict clients (Go, Java, rustls) refuse: with the default --verdict both,
    /// an error.
    static let strictRefusals: Set = ["cn_only"]

    static let warnings: Set = ["wrong_order", "cn_only", "expiring_soon", "extra_certificate"]

    @Test(arguments: ChainScenarioCase.loaded)
    func checkOnTheBrokersFiles(scenario: ChainScenarioCase) throws {
        let identity = scenario.isIP ? ["--ip", scenario.identity] : ["--hostname", scenario.identity]
        let result = try Harness.run(
            [
                "check", path(scenario, "broker.crt"), "--key", path(scenario, "broker.key"),
                "--cafile", path(scenario, scenario.cafile), "--at", ChainScenarioCase.at, "--json", "--clients",
                "openssl",
            ] + identity)
        expectFindings(result, scenario.findings, scenario)
        #expect(result.json?["kind"] as? String == "check")
        #expect(result.json?["checkedAt"] as? String == ChainScenarioCase.at)
    }

    @Test(arguments: ChainScenarioCase.loaded)
    func probeAgainstMosquitto(scenario: ChainScenarioCase) throws {
        let broker = try ServerProcess.mosquitto(scenario: scenario.scenario)
        try probe(scenario, port: broker.port, server: "mosquitto")
    }

    /// The same table against `chaindoctor lab` serving the scenario: the lab must teach what mosquitto shows.
    @Test(arguments: ChainScenarioCase.loaded)
    func probeAgainstTheLab(scenario: ChainScenarioCase) throws {
        try probe(scenario, port: try SharedLab.shared().port(scenario.scenario), server: "the lab")
    }

    /// A probe of the scenario served on `port`: its expected findings, OpenSSL's code, the MQTT step, and every
    /// certificate of the certfile presented as written.
    func probe(
        _ scenario: ChainScenarioCase, port: UInt16, server: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let sni = scenario.isIP ? [] : ["--servername", scenario.identity]
        let result = try Harness.run(
            [
                "probe", "127.0.0.1:\(port)", "--cafile", path(scenario, scenario.cafile), "--at", ChainScenarioCase.at,
                "--timeout", "5", "--json", "--clients", "openssl",
            ] + sni)
        // A rejected chain also says that the MQTT step was withheld; an accepted one ran it and was accepted.
        expectFindings(
            result, scenario.findings + (scenario.rejected ? ["mqtt_withheld"] : []), scenario,
            sourceLocation: sourceLocation)
        let mqtt = result.json?["mqtt"] as? [String: Any]
        #expect(
            mqtt?["status"] as? String == (scenario.rejected ? "withheld" : "accepted"), sourceLocation: sourceLocation)
        let presented = (result.json?["presentedChain"] as? [Any])?.count ?? -1
        let inCertfile =
            try String(contentsOfFile: path(scenario, "broker.crt"), encoding: .utf8)
            .components(separatedBy: "BEGIN CERTIFICATE").count - 1
        #expect(
            presented == inCertfile, "\(server) sends its certfile as it is, and every certificate is listed",
            sourceLocation: sourceLocation)
    }
}

/// A certificate swift-certificates refuses (the weak-key leaf: RSA 1024) is still reported where it was
/// presented, with its facts: the README promises certificate facts even when verification fails.
@Suite(.timeLimit(.minutes(10))) struct RefusedCertificateFactsTests {
    @Test func weakKeyLeafIsIndexZeroWithItsFacts() throws {
        let result = try Harness.run([
            "check", TestPaths.scenarioFile("weak-key", "broker.crt"), "--cafile",
            TestPaths.scenarioFile("weak-key", "client-ca.crt"), "--hostname", "broker.test", "--at",
            ChainScenarioCase.at, "--json",
        ])
        #expect(result.findingIDs == ["weak_key"])
        let chain = try #require(result.json?["presentedChain"] as? [[String: Any]])
        #expect(chain.map { $0["index"] as? Int } == [0, 1])
        let leaf = try #require(chain.first)
        #expect((leaf["subject"] as? String)?.contains("CN=broker.test") == true, "\(leaf["subject"] ?? "")")
        let key = leaf["publicKey"] as? [String: Any]
        #expect(key?["algorithm"] as? String == "RSA")
        #expect(key?["bits"] as? Int == 1024)
        #expect(leaf["signatureAlgorithm"] as? String == "sha256WithRSAEncryption")
        #expect(leaf["notAfter"] as? String == "2099-12-31T23:59:59Z")
        #expect(leaf["isCA"] as? Bool == false)
        // The same facts as OpenSSL reads from the same bytes.
        let openssl = try Self.opensslFacts(TestPaths.scenarioFile("weak-key", "broker.crt"))
        #expect(openssl.contains("Public-Key: (1024 bit)"))
        #expect((leaf["sha256"] as? String)?.uppercased() == Self.fingerprint(openssl))
        let lines = openssl.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let sanLine = lines.firstIndex { $0.hasPrefix("X509v3 Subject Alternative Name") }.map { lines[$0 + 1] } ?? ""
        let dns = sanLine.components(separatedBy: ", ").filter { $0.hasPrefix("DNS:") }.map { String($0.dropFirst(4)) }
        #expect(!dns.isEmpty)
        #expect((leaf["subjectAltNames"] as? [String: Any])?["dns"] as? [String] == dns)
    }

    static func opensslFacts(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Tools.require("openssl"))
        process.arguments = ["x509", "-in", path, "-noout", "-text", "-fingerprint", "-sha256"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// "sha256 Fingerprint=AB:CD:..." as "ABCD...".
    static func fingerprint(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.lowercased().hasPrefix("sha256 fingerprint=") }
            .map { $0.split(separator: "=").last.map(String.init)?.replacingOccurrences(of: ":", with: "") ?? "" }
    }
}
