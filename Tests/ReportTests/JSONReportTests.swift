import ChainDiagnostics
import Foundation
import Report
import Testing

@Suite struct JSONReportTests {
    func report(findings: [Finding], probeError: String? = nil, withChain: Bool = true) -> ProbeReport {
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        return ProbeReport(
            toolVersion: "0.1.0", startedAt: at, finishedAt: at,
            target: .init(host: "broker.test", port: 8883, address: "127.0.0.1:8883", serverName: "broker.test"),
            phases: [.init(name: "tcp", status: .ok, durationMs: 1.234)], tls: nil, trustStore: nil,
            chain: withChain ? ChainAnalysis(presentedChain: [], verifiedChain: nil, builtPath: [], findings: findings) : nil,
            openssl: nil, mqtt: nil, findings: findings, probeError: probeError)
    }

    func finding(_ severity: Severity) -> Finding {
        Finding(id: .wrongOrder, severity: severity, message: "m", evidence: "e", fix: "f")
    }

    @Test func exitCodesFollowTheMonitoringConvention() {
        #expect(report(findings: []).verdict.exitCode == 0)
        #expect(report(findings: [finding(.info)]).verdict.exitCode == 0)
        #expect(report(findings: [finding(.warning)]).verdict.exitCode == 1)
        #expect(report(findings: [finding(.error)]).verdict.exitCode == 2)
        #expect(report(findings: [finding(.critical), finding(.warning)]).verdict.exitCode == 2)
        #expect(report(findings: [], probeError: "cannot connect", withChain: false).verdict.exitCode == 3)
    }

    @Test func documentShape() throws {
        let text = try JSONReport.render(report(findings: [finding(.warning)]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 2)
        #expect(object["kind"] as? String == "probe")
        #expect(object["startedAt"] as? String == "2026-05-28T20:26:40Z")
        #expect((object["tool"] as? [String: Any])?["name"] as? String == "chaindoctor")
        let verdict = try #require(object["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "accepted_with_warnings")
        #expect(verdict["exitCode"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.first?["id"] as? String == "wrong_order")
        #expect(findings.first?["severity"] as? String == "warning")
        #expect(Set(object.keys).isSuperset(of: ["target", "phases", "presentedChain", "findings", "verdict"]))
    }
}
