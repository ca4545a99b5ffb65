import ChainDiagnostics
import Foundation
import TLSProbe
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(10))) struct KnownGapTests {
    static let gaps = (try? KnownGapCase.all()) ?? []

    @Test func gapsLoad() throws {
        #expect(try KnownGapCase.all().count == Self.gaps.count)
        #expect(Self.gaps.map(\.scenario).contains("name-constraints"))
    }

    /// The gap as it is: the analyzer accepts what OpenSSL (through our wrapper) rejects.
    @Test(arguments: gaps)
    func analyzerAndOpenSSLStillDisagree(gap: KnownGapCase) throws {
        let presented = try TestChainsFiles.presented(gap.scenario)
        let anchors = try TestChainsFiles.certificates(gap.scenario, gap.cafile)
        let analysis = ChainAnalyzer().analyze(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity(gap.identity),
            at: TestChainsFiles.clock)
        #expect(analysis.findings.map(\.id.rawValue) == gap.analyzerFindings)
        #expect(analysis.presentedChain.count == presented.count)
        let isIP = IPAddressText.parse(gap.identity) != nil
        let openssl = try OpenSSLVerifier.verify(
            presentedChain: presented, trustStore: .caFile(TestPaths.scenarioFile(gap.scenario, gap.cafile)),
            hostname: isIP ? nil : gap.identity, ipAddress: isIP ? gap.identity : nil,
            atUnixTime: Int64(TestChainsFiles.clock.timeIntervalSince1970))
        #expect(openssl.code == gap.opensslCode, "OpenSSL said \(openssl.code) \(openssl.text)")
        #expect(
            openssl.isValid != analysis.acceptedByStandardClient,
            "the verdicts agree now: move this case from knownGaps to cases in \(gap.scenario)/expected.json")
    }
}
