import ChainDiagnostics
import Findings
import Foundation
import ProbeDiagnostics
import Report
import TLSProbe
import Testing

@Suite(.timeLimit(.minutes(10))) struct JSONRendererTests {
    func report(findings: [Finding], probeError: String? = nil, withChain: Bool = true) -> ProbeReport {
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        return ProbeReport(
            toolVersion: "0.1.0", startedAt: at, finishedAt: at,
            target: .init(host: "broker.test", port: 8883, address: "127.0.0.1:8883", serverName: "broker.test"),
            phases: [.init(name: "tcp", status: .ok, durationMs: 1.234)], tls: nil, trustStore: nil,
            chain: withChain
                ? ChainAnalysis(presentedChain: [], verifiedChain: nil, builtPath: [], findings: findings) : nil,
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
        let text = JSONRenderer().render(report(findings: [finding(.warning)]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 7)
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

    /// The typed values TLSProbe produces (versions, OpenSSL's verdict, the OCSP staple) reach the document as the
    /// schema names them.
    @Test func typedValuesAsTheSchemaNamesThem() throws {
        var probe = report(findings: [])
        probe.tls = TLSSurface(
            version: .tls1_3, cipher: "TLS_AES_256_GCM_SHA384",
            versions: [
                TLSVersionSurvey.Result(
                    version: .tls1_0, accepted: false, cipher: nil, error: "alert protocol version"),
                TLSVersionSurvey.Result(version: .tls1_3, accepted: true, cipher: "TLS_AES_256_GCM_SHA384", error: nil),
            ],
            ocspStaple: .response(status: "successful", certificateStatus: "good", bytes: 1523))
        probe.openssl = OpenSSLVerdict(
            code: 20, text: "unable to get local issuer certificate", depth: 1,
            problems: [.init(code: 20, text: "unable to get local issuer certificate", depth: 1)])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONRenderer().render(probe).utf8)) as? [String: Any])
        let tls = try #require(object["tls"] as? [String: Any])
        #expect(tls["version"] as? String == "TLSv1.3")
        #expect(tls["ocspStaple"] as? String == "successful, certificate good (1523 bytes)")
        let versions = try #require(tls["acceptedVersions"] as? [[String: Any]])
        #expect(versions.map { $0["version"] as? String } == ["TLSv1", "TLSv1.3"])
        #expect(versions.map { $0["accepted"] as? Bool } == [false, true])
        let openssl = try #require(object["openssl"] as? [String: Any])
        #expect(openssl["verifyCode"] as? Int == 20)
        #expect(openssl["verifyError"] as? String == "unable to get local issuer certificate")
        #expect(openssl["errorDepth"] as? Int == 1)
        #expect((openssl["problems"] as? [[String: Any]])?.first?["depth"] as? Int == 1)
    }

    /// Every format renders a single report and an audit; --format json is the JSON renderer itself.
    @Test func everyFormatRendersBothDocuments() throws {
        let single = ReportDocument.single(report(findings: [finding(.warning)]))
        let audit = ReportDocument.audit(
            AuditReport(
                startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 1),
                reports: [report(findings: [finding(.warning)])]))
        for format in OutputFormat.allCases {
            let renderer = format.renderer(useColor: false)
            #expect(renderer.render(single).hasSuffix("\n"))
            #expect(renderer.render(audit).contains("broker.test:8883"))
        }
        #expect(
            OutputFormat.json.renderer(useColor: false).render(single)
                == JSONRenderer().render(report(findings: [finding(.warning)])))
        #expect(audit.exitCode == 1)
        #expect(single.couldNotRun == nil)
        #expect(
            ReportDocument.single(report(findings: [], probeError: "refused", withChain: false)).couldNotRun
                == "refused")
    }
}
