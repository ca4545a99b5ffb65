import Foundation

/// A TestChains case the analyzer gets wrong today, recorded under `knownGaps` in the scenario's `expected.json`:
/// what `check` reports (`findings`), what the analyzer alone gives (`analyzerFindings`), OpenSSL's code and the
/// issue that closes the gap. Kept out of `cases`, whose tests hold our verdict equal to OpenSSL's; when the gap
/// closes its tests fail, and the case moves to `cases`.
public struct KnownGapCase: Decodable, Sendable, CustomStringConvertible {
    public var scenario = ""
    public var identity: String
    public var cafile: String
    public var findings: [String]
    public var analyzerFindings: [String]
    public var opensslCode: Int32
    public var issue: Int
    public var description: String { "\(scenario) as \(identity) trusting \(cafile) (issue \(issue))" }

    enum CodingKeys: String, CodingKey { case identity, cafile, findings, analyzerFindings, opensslCode, issue }

    struct File: Decodable { var knownGaps: [KnownGapCase]? }

    public static func all() throws -> [KnownGapCase] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestPaths.testChains.path).sorted()
        return try folders.flatMap { folder -> [KnownGapCase] in
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
