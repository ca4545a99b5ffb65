import Foundation
import TestSupport
import Testing

/// Every TestChains scenario, through `check` on the broker's files and through `probe` against a real mosquitto
/// serving them: the same findings and no others, OpenSSL's verdict beside ours, and the exit code, as each
/// scenario's `expected.json` records them.
@Suite(.timeLimit(.minutes(3))) struct ChainScenarioTests {
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
        if scenario.rejected { return 2 }
        return scenario.findings.contains { warnings.contains($0) } ? 1 : 0
    }

    static let warnings: Set = ["wrong_order", "cn_only", "expiring_soon", "extra_certificate"]

    @Test(arguments: ChainScenarioCase.loaded)
    func checkOnTheBrokersFiles(scenario: ChainScenarioCase) throws {
        let identity = scenario.isIP ? ["--ip", scenario.identity] : ["--hostname", scenario.identity]
        let result = try Harness.run(
            [
                "check", path(scenario, "broker.crt"), "--key", path(scenario, "broker.key"),
                "--cafile", path(scenario, scenario.cafile), "--at", ChainScenarioCase.at, "--json",
            ] + identity)
        expectFindings(result, scenario.findings, scenario)
        #expect(result.json?["kind"] as? String == "check")
        #expect(result.json?["checkedAt"] as? String == ChainScenarioCase.at)
    }

    @Test(arguments: ChainScenarioCase.loaded)
    func probeAgainstMosquitto(scenario: ChainScenarioCase) throws {
        let broker = try ServerProcess.mosquitto(scenario: scenario.scenario)
        let sni = scenario.isIP ? [] : ["--servername", scenario.identity]
        let result = try Harness.run(
            [
                "probe", "127.0.0.1:\(broker.port)", "--cafile", path(scenario, scenario.cafile), "--at",
                ChainScenarioCase.at,
                "--timeout", "5", "--json",
            ] + sni)
        // A rejected chain also says that the MQTT step was withheld; an accepted one ran it and was accepted.
        expectFindings(result, scenario.findings + (scenario.rejected ? ["mqtt_withheld"] : []), scenario)
        let mqtt = result.json?["mqtt"] as? [String: Any]
        #expect(mqtt?["status"] as? String == (scenario.rejected ? "withheld" : "accepted"))
        let presented = (result.json?["presentedChain"] as? [Any])?.count ?? -1
        let inCertfile =
            try String(contentsOfFile: path(scenario, "broker.crt"), encoding: .utf8)
            .components(separatedBy: "BEGIN CERTIFICATE").count - 1
        // The weak-key leaf is reported as a finding, not summarised, so one fewer certificate is listed.
        #expect(
            presented == inCertfile - (scenario.findings.contains("weak_key") ? 1 : 0),
            "mosquitto sends its certfile as it is")
    }
}
