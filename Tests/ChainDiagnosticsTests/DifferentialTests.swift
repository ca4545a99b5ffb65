import ChainDiagnostics
import Findings
import Foundation
import TLSProbe
import TestSupport
import Testing
import X509

/// Three verifiers on every scenario: chaindoctor's analyzer, OpenSSL's X509_verify_cert (what mosquitto_sub and
/// paho use) and swift-certificates' Verifier with its RFC 5280 policy and server identity policy. Ours must
/// equal OpenSSL's everywhere (the fixture tests hold that); where swift-certificates differs, the reason is
/// written here, and an explanation that no longer applies fails the test too.
@Suite(.timeLimit(.minutes(10))) struct DifferentialTests {
    /// Where swift-certificates' verdict differs from OpenSSL's and ours, and why.
    static let explainedDisagreements: [String: String] = [
        "sha1-signature as broker.test trusting client-ca.crt":
            "RFC 5280 sets no minimum signature strength; OpenSSL's security level 2 rejects SHA-1 (68).",
        "no-server-auth as broker.test trusting client-ca.crt":
            "RFC5280Policy checks no extendedKeyUsage; OpenSSL's ssl_server purpose requires serverAuth (26).",
        "cross-signed as broker.test trusting client-ca-cross.crt":
            "swift-certificates backtracks to the second presented intermediate; OpenSSL keeps the first (20), "
            + "which is what alternate_path reports.",
    ]

    @Test(arguments: ChainAnalyzerFixtureTests.scenarios)
    func threeVerifiers(scenario: ChainScenarioCase) async throws {
        let presented = try TestChainsFiles.presented(scenario.scenario)
        let anchors = try TestChainsFiles.certificates(scenario.scenario, scenario.cafile)
        let ours = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity(scenario.identity),
            at: TestChainsFiles.clock
        ).acceptedByStandardClient
        let name = ChainAnalyzerFixtureTests.identity(scenario.identity)
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(TestPaths.scenarioFile(scenario.scenario, scenario.cafile)),
            hostname: name.hostname, ipAddress: name.ip, atUnixTime: Int64(TestChainsFiles.clock.timeIntervalSince1970)
        ).isValid
        let swiftCertificates = await Self.swiftCertificatesAccepts(
            presented: presented, anchors: anchors.map(\.certificate), hostname: name.hostname, ip: name.ip)

        #expect(ours == openssl)
        let explanation = Self.explainedDisagreements[scenario.description]
        if swiftCertificates == openssl {
            #expect(explanation == nil, "swift-certificates now agrees; remove the explanation: \(explanation ?? "")")
        } else {
            #expect(explanation != nil, "swift-certificates says \(swiftCertificates), OpenSSL \(openssl): explain why")
        }
    }

    /// swift-certificates' verdict; a leaf it cannot parse (a 1024-bit key) is one it cannot accept.
    static func swiftCertificatesAccepts(
        presented: [[UInt8]], anchors: [Certificate], hostname: String?, ip: String?
    ) async -> Bool {
        guard let leaf = try? Certificate(derEncoded: presented[0]) else { return false }
        let intermediates = presented.dropFirst().compactMap { try? Certificate(derEncoded: $0) }
        var verifier = Verifier(rootCertificates: CertificateStore(anchors)) {
            RFC5280Policy(validationTime: TestChainsFiles.clock)
            ServerIdentityPolicy(serverHostname: hostname, serverIP: ip)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates))
        if case .validCertificate = result { return true }
        return false
    }
}
