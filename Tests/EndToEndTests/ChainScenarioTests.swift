import Foundation
import Testing

/// Every TestChains scenario, through `check` on the broker's files and through `probe` against a real mosquitto
/// serving them: the same findings and no others, OpenSSL's verdict beside ours, and the exit code.
@Suite struct ChainScenarioTests {
    func path(_ scenario: ChainScenario, _ file: String) -> String {
        Harness.testChains.appendingPathComponent(scenario.name).appendingPathComponent(file).path
    }

    func expectFindings(_ result: Harness.Result, _ expected: [String], _ scenario: ChainScenario,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == scenario.exitCode, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.findingIDs == expected, sourceLocation: sourceLocation)
        let openssl = result.json?["openssl"] as? [String: Any]
        #expect(openssl?["verifyCode"] as? Int == scenario.opensslCode, sourceLocation: sourceLocation)
    }

    @Test(arguments: ChainScenario.all)
    func checkOnTheBrokersFiles(scenario: ChainScenario) throws {
        let identity = scenario.isIP ? ["--ip", scenario.identity] : ["--hostname", scenario.identity]
        let result = try Harness.run(
            ["check", path(scenario, "broker.crt"), "--key", path(scenario, "broker.key"),
             "--cafile", path(scenario, scenario.cafile), "--at", ChainScenario.at, "--json"] + identity)
        expectFindings(result, scenario.findings, scenario)
        #expect(result.json?["kind"] as? String == "check")
        #expect(result.json?["checkedAt"] as? String == ChainScenario.at)
    }

    @Test(arguments: ChainScenario.all)
    func probeAgainstMosquitto(scenario: ChainScenario) throws {
        let broker = try ServerProcess.mosquitto(scenario: scenario.name)
        let sni = scenario.isIP ? [] : ["--servername", scenario.identity]
        let result = try Harness.run(
            ["probe", "127.0.0.1:\(broker.port)", "--cafile", path(scenario, scenario.cafile), "--at", ChainScenario.at,
             "--timeout", "5", "--json"] + sni)
        // A rejected chain also says that the MQTT step was withheld; an accepted one ran it and was accepted.
        expectFindings(result, scenario.findings + (scenario.rejected ? ["mqtt_withheld"] : []), scenario)
        let mqtt = result.json?["mqtt"] as? [String: Any]
        #expect(mqtt?["status"] as? String == (scenario.rejected ? "withheld" : "accepted"))
        let presented = (result.json?["presentedChain"] as? [Any])?.count ?? -1
        let inCertfile = try String(contentsOfFile: path(scenario, "broker.crt"), encoding: .utf8)
            .components(separatedBy: "BEGIN CERTIFICATE").count - 1
        // The weak-key leaf is reported as a finding, not summarised, so one fewer certificate is listed.
        #expect(presented == inCertfile - (scenario.findings.contains("weak_key") ? 1 : 0),
                "mosquitto sends its certfile as it is")
    }
}
