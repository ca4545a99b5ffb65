import ChainDiagnostics
import Foundation
import TLSProbe
import TestSupport
import Testing

/// A TestChains case the analyzer gets wrong today, recorded under `knownGaps` in the scenario's expected.json:
/// what `check` reports (`findings`), what the analyzer alone gives (`analyzerFindings`), OpenSSL's code and the
/// issue that closes the gap. Kept out of `cases`, whose tests hold our verdict equal to OpenSSL's; when the issue
/// is fixed these tests fail, and the case moves to `cases`.
struct KnownGap: Decodable, Sendable, CustomTestStringConvertible {
    var scenario = ""
    var identity: String
    var cafile: String
    var findings: [String]
    var analyzerFindings: [String]
    var opensslCode: Int32
    var issue: Int
    var testDescription: String { "\(scenario) as \(identity) trusting \(cafile) (issue \(issue))" }

    enum CodingKeys: String, CodingKey { case identity, cafile, findings, analyzerFindings, opensslCode, issue }

    struct File: Decodable { var knownGaps: [KnownGap]? }

    static func all() throws -> [KnownGap] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestPaths.testChains.path).sorted()
        return try folders.flatMap { folder -> [KnownGap] in
            let path = TestPaths.scenarioFile(folder, "expected.json")
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            return (file.knownGaps ?? []).map {
                var gap = $0
                gap.scenario = folder
                return gap
            }
        }
    }
}

@Suite struct KnownGapTests {
    static let gaps = (try? KnownGap.all()) ?? []

    @Test func gapsLoad() throws {
        #expect(try KnownGap.all().count == Self.gaps.count)
        #expect(Self.gaps.map(\.scenario).contains("name-constraints"))
    }

    /// The gap as it is: the analyzer accepts what OpenSSL (through our wrapper) rejects.
    @Test(arguments: gaps)
    func analyzerAndOpenSSLStillDisagree(gap: KnownGap) throws {
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
