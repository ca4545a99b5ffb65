import ChainDiagnostics
import Findings
import Foundation
import TLSProbe
import TestSupport
import Testing

/// Every TestChains scenario through the analyzer at a fixed clock, and the same chain through OpenSSL's
/// X509_verify_cert at the same instant: the findings must be exactly the expected ones, and both verdicts
/// must agree.
@Suite(.timeLimit(.minutes(10))) struct ChainAnalyzerFixtureTests {
    /// Every case of every TestChains scenario's `expected.json`: the exact findings and OpenSSL's verify code.
    static let scenarios = ChainScenarioCase.loaded

    @Test func everyScenarioHasItsExpectations() throws {
        let cases = try ChainScenarioCase.all()
        #expect(cases.count == Self.scenarios.count)
        #expect(Set(cases.map(\.scenario)).count >= 25)
        for scenarioCase in cases {
            #expect(!scenarioCase.findings.isEmpty, "\(scenarioCase)")
            for id in scenarioCase.findings {
                #expect(FindingID(rawValue: id) != nil, "\(scenarioCase): \(id) is no finding id")
            }
        }
    }

    static func identity(_ text: String) -> (hostname: String?, ip: String?) {
        IPAddressText.parse(text) == nil ? (text, nil) : (nil, text)
    }

    @Test(arguments: scenarios)
    func findingsAndOpenSSLAgree(scenario: ChainScenarioCase) throws {
        let presented = try TestChainsFiles.presented(scenario.scenario)
        let anchors = try TestChainsFiles.certificates(scenario.scenario, scenario.cafile)
        let analysis = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity(scenario.identity),
            at: TestChainsFiles.clock)
        #expect(analysis.findings.map(\.id.rawValue) == scenario.findings)
        // Every presented certificate is summarised where it was sent, the weak-key leaf too.
        #expect(analysis.presentedChain.map(\.presentedIndex) == presented.indices.map { $0 })

        let name = Self.identity(scenario.identity)
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(TestPaths.scenarioFile(scenario.scenario, scenario.cafile)),
            hostname: name.hostname, ipAddress: name.ip, atUnixTime: Int64(TestChainsFiles.clock.timeIntervalSince1970))
        #expect(openssl.code == scenario.opensslCode, "OpenSSL said \(openssl.code) \(openssl.text)")
        #expect(openssl.isValid == analysis.acceptedByStandardClient, "our verdict and OpenSSL's disagree")
    }

    @Test func missingIntermediateNamesTheIssuer() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("leaf-only"),
            trustAnchors: try TestChainsFiles.certificates("leaf-only", "client-ca.crt"),
            identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.message.contains("chaindoctor Test Intermediate CA"))
        #expect(finding.fix.contains("certfile"))
        #expect(analysis.verifiedChain == nil)
    }

    @Test func missingIntermediateSaysWhereItIsPublished() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("leaf-only-aia"),
            trustAnchors: try TestChainsFiles.certificates("leaf-only-aia", "client-ca.crt"),
            identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.fix.contains("http://pki.chaindoctor.test/intermediate.crt"))
        // Without the extension the fix does not invent a URL.
        let plain = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("leaf-only"),
            trustAnchors: try TestChainsFiles.certificates("leaf-only", "client-ca.crt"),
            identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        #expect(plain.findings.first?.fix.contains("http") == false)
    }

    @Test func expiredIntermediateSaysWhichAndWhen() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("expired-intermediate"),
            trustAnchors: try TestChainsFiles.certificates("expired-intermediate", "client-ca.crt"),
            identity: .dnsName("broker.test"), at: TestChainsFiles.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.certificates.map(\.presentedIndex) == [1])
        #expect(finding.message.contains("chaindoctor Expired Intermediate CA"))
        #expect(finding.message.contains("2021-01-01"))
    }

    @Test func wrongOrderGivesTheIssuingOrder() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("wrong-order"),
            trustAnchors: try TestChainsFiles.certificates("wrong-order", "client-ca.crt"),
            identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.severity == .warning)
        #expect(
            finding.fix.contains(
                "'broker.test', 'chaindoctor Test Intermediate CA 2', 'chaindoctor Test Intermediate CA 1'"))
        #expect(analysis.verifiedChain?.map(\.presentedIndex) == [0, 2, 1, nil])
    }

    @Test func clockDecidesExpiry() throws {
        // Before the leaf's notAfter, the expired-leaf scenario is healthy: the analyzer reads only the clock it is given.
        let past = ISO8601DateFormatter().date(from: "2020-06-01T00:00:00Z")!
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("expired-leaf"),
            trustAnchors: try TestChainsFiles.certificates("expired-leaf", "client-ca.crt"),
            identity: .dnsName("broker.test"), at: past)
        // The root and intermediate of that chain start in 2024, so in 2020 they are not yet valid.
        #expect(analysis.findings.map(\.id) == [.notYetValid, .notYetValid])
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: try TestChainsFiles.presented("expired-leaf"),
            trustStore: .caFile(TestPaths.scenarioFile("expired-leaf", "client-ca.crt")), hostname: "broker.test",
            ipAddress: nil, atUnixTime: Int64(past.timeIntervalSince1970))
        #expect(openssl.code == 9, "X509_V_ERR_CERT_NOT_YET_VALID")
    }

    @Test func ipIdentityMatchesOnlyIPSANs() throws {
        let presented = try TestChainsFiles.presented("healthy")
        let anchors = try TestChainsFiles.certificates("healthy", "client-ca.crt")
        let ok = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity("127.0.0.1"),
            at: TestChainsFiles.clock)
        #expect(ok.acceptedByStandardClient)
        let wrong = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity("127.0.0.2"),
            at: TestChainsFiles.clock)
        #expect(wrong.findings.map(\.id) == [.ipNotInSAN])
    }

    @Test func selfSignedLeafTrustedDirectlyIsPinned() throws {
        let presented = try TestChainsFiles.presented("self-signed-leaf")
        let pinned = try TestChainsFiles.certificates("self-signed-leaf", "broker.crt")
        let analysis = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: pinned, identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        #expect(analysis.acceptedByStandardClient)
        #expect(analysis.findings.map(\.id) == [.selfSignedLeaf, .chainValid])
        #expect(analysis.findings.first?.severity == .info)
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(TestPaths.scenarioFile("self-signed-leaf", "broker.crt")),
            hostname: "broker.test", ipAddress: nil, atUnixTime: Int64(TestChainsFiles.clock.timeIntervalSince1970))
        #expect(openssl.isValid)
    }

    @Test func crossSignedPathOpenSSLDoesNotTakeIsTheFix() throws {
        // The client trusts only the cross root; OpenSSL takes certificate 1 (issued by the test root) and fails.
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try TestChainsFiles.presented("cross-signed"),
            trustAnchors: try TestChainsFiles.certificates("cross-signed", "client-ca-cross.crt"),
            identity: .dnsName("broker.test"),
            at: TestChainsFiles.clock)
        let finding = try #require(analysis.findings.first { $0.id == .alternatePath })
        #expect(finding.message.hasSuffix("which fails, although another path verifies."))
        #expect(finding.evidence.contains("chaindoctor Cross Root CA (verifies)"))
        #expect(finding.fix.contains("(certificate 2) right after the leaf"))
        #expect(finding.certificates.map(\.presentedIndex) == [0, 2], "each certificate named once")
    }

    @Test func garbageInThePresentedChainIsAFindingNotACrash() {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: [[0x30, 0x03, 0x02, 0x01, 0x01]], trustAnchors: [], identity: nil, at: TestChainsFiles.clock
        )
        #expect(analysis.findings.map(\.id) == [.unparseableCertificate])
        #expect(!analysis.acceptedByStandardClient)
    }
}
