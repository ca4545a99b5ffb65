import ChainDiagnostics
import ClientFamilies
import Foundation
import TLSProbe
import TestSupport
import Testing

@testable import ChainDoctorKit

/// An audit over a recorded network: entries serving the same chain share one judgement, judged at the audit's
/// instant, and give the reports a single probe would.
@Suite(.timeLimit(.minutes(10))) struct AuditRunnerTests {
    @Test func entriesServingTheSameChainShareOneJudgement() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("healthy"),
                broker: { ScriptedBroker(connectAnswer: .v3(.accepted)).channel() }))
        var settings = ProbeSettings(target: ProbeTarget(host: "127.0.0.1", port: 8883))
        settings.serverName = "broker.test"
        settings.quick = true
        settings.timeoutSeconds = 1
        let trust = try TrustStoreLoader.load(caFile: TestPaths.scenarioFile("healthy", "client-ca.crt"), caPath: nil)
        let audit = AuditRunner(
            probes: Array(repeating: settings, count: 12), concurrency: 4, trust: trust,
            clock: { TestChainsFiles.clock }, network: network
        ).run()
        #expect(audit.reports.count == 12)
        #expect(Set(audit.reports.map(\.checkedAt)) == [TestChainsFiles.clock], "one instant for the whole audit")
        #expect(audit.reports.allSatisfy { $0.findings.map(\.id) == [.chainValid] && $0.verdict.exitCode == 0 })

        var settingsForSingle = settings
        settingsForSingle.instant = TestChainsFiles.clock
        settingsForSingle.caFile = TestPaths.scenarioFile("healthy", "client-ca.crt")
        let single = ProbeRunner(settings: settingsForSingle, clock: { TestChainsFiles.clock }, network: network).run()
        #expect(audit.reports[0].findings == single.findings, "the shared judgement is the one a single probe makes")
        #expect(single.clients?.isEmpty == false)
        #expect(
            audit.reports.allSatisfy { $0.clients == single.clients },
            "the shared client-family verdicts are the ones a single probe gives")
    }

    @Test func clientVerdictsAreJudgedOncePerChainAndVersions() throws {
        let cache = JudgementCache()
        let chain = try TestChainsFiles.presented("healthy")
        let judgement = JudgementCache.key(
            presentedChain: chain, identity: .dnsName("broker.test"), at: TestChainsFiles.clock,
            policy: ChainPolicy(), basis: .both)
        let key = JudgementCache.ClientsKey(
            judgement: judgement, families: [.go, .mbedtls], acceptedVersions: [.tls1_2, .tls1_3])
        var judged = 0
        for _ in 0..<3 {
            _ = cache.clientVerdicts(for: key) {
                judged += 1; return []
            }
        }
        #expect(judged == 1)
        let tls13Only = JudgementCache.ClientsKey(
            judgement: judgement, families: [.go, .mbedtls], acceptedVersions: [.tls1_3])
        _ = cache.clientVerdicts(for: tls13Only) {
            judged += 1; return []
        }
        #expect(judged == 2, "a broker accepting other TLS versions is judged again (mbedTLS 2.x needs TLS 1.2)")
    }

    @Test func theCacheJudgesEachKeyOnce() throws {
        let cache = JudgementCache()
        let chain = try TestChainsFiles.presented("healthy")
        let key = JudgementCache.key(
            presentedChain: chain, identity: .dnsName("broker.test"), at: TestChainsFiles.clock,
            policy: ChainPolicy(), basis: .both)
        let trust = try TrustStoreLoader.load(caFile: TestPaths.scenarioFile("healthy", "client-ca.crt"), caPath: nil)
        var judged = 0
        for _ in 0..<3 {
            _ = cache.judgement(for: key) {
                judged += 1
                return ChainJudge.judge(
                    presentedChain: chain, trust: trust, identity: .dnsName("broker.test"), at: TestChainsFiles.clock,
                    policy: ChainPolicy())
            }
        }
        #expect(judged == 1)
        let other = JudgementCache.key(
            presentedChain: chain, identity: .dnsName("other.test"), at: TestChainsFiles.clock,
            policy: ChainPolicy(), basis: .both)
        #expect(other != key, "another name dialled is another judgement")
    }
}
