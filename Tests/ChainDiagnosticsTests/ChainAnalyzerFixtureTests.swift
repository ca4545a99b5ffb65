import ChainDiagnostics
import Findings
import Foundation
import TLSProbe
import Testing

/// Every TestChains scenario through the analyzer at a fixed clock, and the same chain through OpenSSL's
/// X509_verify_cert at the same instant: the findings must be exactly the expected ones, and both verdicts
/// must agree.
@Suite struct ChainAnalyzerFixtureTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var identity: String = "broker.test"
        var cafile: String = "client-ca.crt"
        var findings: [FindingID]
        var opensslCode: Int32
        var testDescription: String { "\(name) as \(identity) trusting \(cafile)" }
    }

    /// Every scenario of TestChains with the exact findings it must give at the fixed clock, and the verify code
    /// OpenSSL gives (TestChains/README.md lists the same, checked with the openssl CLI and mosquitto).
    static let scenarios: [Scenario] = [
        .init(name: "healthy", findings: [.chainValid], opensslCode: 0),
        .init(name: "leaf-only", findings: [.missingIntermediate], opensslCode: 20),
        .init(name: "leaf-only-aia", findings: [.missingIntermediate], opensslCode: 20),
        .init(name: "wrong-order", findings: [.wrongOrder], opensslCode: 0),
        .init(name: "expired-leaf", findings: [.expired], opensslCode: 10),
        .init(name: "expired-intermediate", findings: [.expired], opensslCode: 10),
        .init(name: "hostname-mismatch", findings: [.hostnameMismatch], opensslCode: 62),
        .init(name: "untrusted-root", findings: [.untrustedRoot], opensslCode: 20),
        .init(name: "self-signed-leaf", findings: [.selfSignedLeaf], opensslCode: 18),
        .init(name: "healthy-ecdsa", findings: [.chainValid], opensslCode: 0),
        .init(name: "three-level-missing-middle", findings: [.missingIntermediate], opensslCode: 20),
        .init(name: "ip-san", identity: "127.0.0.1", findings: [.chainValid], opensslCode: 0),
        .init(name: "ip-san", findings: [.hostnameMismatch], opensslCode: 62),
        .init(name: "wildcard", identity: "broker.mqtt.test", findings: [.chainValid], opensslCode: 0),
        .init(name: "wildcard", identity: "a.b.mqtt.test", findings: [.hostnameMismatch], opensslCode: 62),
        .init(name: "wildcard", identity: "mqtt.test", findings: [.hostnameMismatch], opensslCode: 62),
        .init(name: "cn-only", findings: [.cnOnly], opensslCode: 0),
        .init(name: "cn-only", identity: "127.0.0.1", findings: [.ipNotInSAN, .cnOnly], opensslCode: 64),
        .init(name: "rekeyed-intermediate", findings: [.signatureInvalid], opensslCode: 20),
        .init(name: "cross-signed", findings: [.alternatePath, .chainValid], opensslCode: 0),
        .init(name: "cross-signed", cafile: "client-ca-cross.crt", findings: [.untrustedRoot, .alternatePath], opensslCode: 20),
        .init(name: "cross-signed-root", findings: [.alternatePath, .chainValid], opensslCode: 0),
        .init(name: "cross-signed-root", cafile: "client-ca-cross.crt", findings: [.chainValid], opensslCode: 0),
        .init(name: "weak-key", findings: [.weakKey], opensslCode: 66),
        .init(name: "sha1-signature", findings: [.weakSignature], opensslCode: 68),
        .init(name: "no-server-auth", findings: [.leafNotForServerAuth], opensslCode: 26),
        .init(name: "ca-flag-missing", findings: [.issuerNotCA], opensslCode: 79),
        .init(name: "expiring-soon", findings: [.expiringSoon], opensslCode: 0),
        .init(name: "contains-anchor", findings: [.containsAnchor, .chainValid], opensslCode: 0),
        .init(name: "duplicate-and-extra", findings: [.extraCertificate, .duplicateCertificate], opensslCode: 0),
        .init(name: "path-length", findings: [.pathLengthExceeded], opensslCode: 25),
    ]

    static func identity(_ text: String) -> (hostname: String?, ip: String?) {
        IPAddressText.parse(text) == nil ? (text, nil) : (nil, text)
    }

    @Test(arguments: scenarios)
    func findingsAndOpenSSLAgree(scenario: Scenario) throws {
        let presented = try Fixtures.presented(scenario.name)
        let anchors = try Fixtures.certificates(scenario.name, scenario.cafile)
        let analysis = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity(scenario.identity),
            at: Fixtures.clock)
        #expect(analysis.findings.map(\.id) == scenario.findings)
        if !scenario.findings.contains(.weakKey) {
            #expect(analysis.presentedChain.count == presented.count)
        }

        let name = Self.identity(scenario.identity)
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(Fixtures.path(scenario.name, scenario.cafile)),
            hostname: name.hostname, ipAddress: name.ip, atUnixTime: Int64(Fixtures.clock.timeIntervalSince1970))
        #expect(openssl.code == scenario.opensslCode, "OpenSSL said \(openssl.code) \(openssl.text)")
        #expect(openssl.isValid == analysis.acceptedByStandardClient, "our verdict and OpenSSL's disagree")
    }

    @Test func missingIntermediateNamesTheIssuer() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("leaf-only"),
            trustAnchors: try Fixtures.certificates("leaf-only", "client-ca.crt"), identity: .dnsName("broker.test"),
            at: Fixtures.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.message.contains("chaindoctor Test Intermediate CA"))
        #expect(finding.fix.contains("certfile"))
        #expect(analysis.verifiedChain == nil)
    }

    @Test func missingIntermediateSaysWhereItIsPublished() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("leaf-only-aia"),
            trustAnchors: try Fixtures.certificates("leaf-only-aia", "client-ca.crt"), identity: .dnsName("broker.test"),
            at: Fixtures.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.fix.contains("http://pki.chaindoctor.test/intermediate.crt"))
        // Without the extension the fix does not invent a URL.
        let plain = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("leaf-only"),
            trustAnchors: try Fixtures.certificates("leaf-only", "client-ca.crt"), identity: .dnsName("broker.test"),
            at: Fixtures.clock)
        #expect(plain.findings.first?.fix.contains("http") == false)
    }

    @Test func expiredIntermediateSaysWhichAndWhen() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("expired-intermediate"),
            trustAnchors: try Fixtures.certificates("expired-intermediate", "client-ca.crt"),
            identity: .dnsName("broker.test"), at: Fixtures.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.certificates.map(\.presentedIndex) == [1])
        #expect(finding.message.contains("chaindoctor Expired Intermediate CA"))
        #expect(finding.message.contains("2021-01-01"))
    }

    @Test func wrongOrderGivesTheIssuingOrder() throws {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("wrong-order"),
            trustAnchors: try Fixtures.certificates("wrong-order", "client-ca.crt"), identity: .dnsName("broker.test"),
            at: Fixtures.clock)
        let finding = try #require(analysis.findings.first)
        #expect(finding.severity == .warning)
        #expect(finding.fix.contains("'broker.test', 'chaindoctor Test Intermediate CA 2', 'chaindoctor Test Intermediate CA 1'"))
        #expect(analysis.verifiedChain?.map(\.presentedIndex) == [0, 2, 1, nil])
    }

    @Test func clockDecidesExpiry() throws {
        // Before the leaf's notAfter, the expired-leaf scenario is healthy: the analyzer reads only the clock it is given.
        let past = ISO8601DateFormatter().date(from: "2020-06-01T00:00:00Z")!
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("expired-leaf"),
            trustAnchors: try Fixtures.certificates("expired-leaf", "client-ca.crt"),
            identity: .dnsName("broker.test"), at: past)
        // The root and intermediate of that chain start in 2024, so in 2020 they are not yet valid.
        #expect(analysis.findings.map(\.id) == [.notYetValid, .notYetValid])
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: try Fixtures.presented("expired-leaf"),
            trustStore: .caFile(Fixtures.path("expired-leaf", "client-ca.crt")), hostname: "broker.test",
            ipAddress: nil, atUnixTime: Int64(past.timeIntervalSince1970))
        #expect(openssl.code == 9, "X509_V_ERR_CERT_NOT_YET_VALID")
    }

    @Test func ipIdentityMatchesOnlyIPSANs() throws {
        let presented = try Fixtures.presented("healthy")
        let anchors = try Fixtures.certificates("healthy", "client-ca.crt")
        let ok = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity("127.0.0.1"), at: Fixtures.clock)
        #expect(ok.acceptedByStandardClient)
        let wrong = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity("127.0.0.2"), at: Fixtures.clock)
        #expect(wrong.findings.map(\.id) == [.ipNotInSAN])
    }

    @Test func selfSignedLeafTrustedDirectlyIsPinned() throws {
        let presented = try Fixtures.presented("self-signed-leaf")
        let pinned = try Fixtures.certificates("self-signed-leaf", "broker.crt")
        let analysis = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: pinned, identity: .dnsName("broker.test"), at: Fixtures.clock)
        #expect(analysis.acceptedByStandardClient)
        #expect(analysis.findings.map(\.id) == [.selfSignedLeaf, .chainValid])
        #expect(analysis.findings.first?.severity == .info)
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(Fixtures.path("self-signed-leaf", "broker.crt")),
            hostname: "broker.test", ipAddress: nil, atUnixTime: Int64(Fixtures.clock.timeIntervalSince1970))
        #expect(openssl.isValid)
    }

    @Test func crossSignedPathOpenSSLDoesNotTakeIsTheFix() throws {
        // The client trusts only the cross root; OpenSSL takes certificate 1 (issued by the test root) and fails.
        let analysis = ChainAnalyzer().analyze(
            presentedChain: try Fixtures.presented("cross-signed"),
            trustAnchors: try Fixtures.certificates("cross-signed", "client-ca-cross.crt"), identity: .dnsName("broker.test"),
            at: Fixtures.clock)
        let finding = try #require(analysis.findings.first { $0.id == .alternatePath })
        #expect(finding.message.hasSuffix("which fails, although another path verifies."))
        #expect(finding.evidence.contains("chaindoctor Cross Root CA (verifies)"))
        #expect(finding.fix.contains("(certificate 2) right after the leaf"))
        #expect(finding.certificates.map(\.presentedIndex) == [0, 2], "each certificate named once")
    }

    @Test func garbageInThePresentedChainIsAFindingNotACrash() {
        let analysis = ChainAnalyzer().analyze(
            presentedChain: [[0x30, 0x03, 0x02, 0x01, 0x01]], trustAnchors: [], identity: nil, at: Fixtures.clock)
        #expect(analysis.findings.map(\.id) == [.unparseableCertificate])
        #expect(!analysis.acceptedByStandardClient)
    }
}
