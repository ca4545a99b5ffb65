public import Foundation

/// One expectation of a TestChains scenario, as its `expected.json` records it: a client that dials `identity`
/// and trusts `cafile` gets exactly these findings, in order, and OpenSSL's verify code `opensslCode`, at the
/// fixed instant `ChainScenarioCase.at`. The analyzer tests, the end-to-end tests and the README check all read
/// these files, so an expectation is written once.
public struct ChainScenarioCase: Decodable, Sendable, CustomStringConvertible {
    public var scenario: String = ""
    /// The name or IP address the client dials.
    public var identity: String
    public var cafile: String
    /// Finding ids, snake_case, in the order the report lists them.
    public var findings: [String]
    public var opensslCode: Int32

    /// The instant every scenario is judged at (`--at`).
    public static let at = "2026-06-01T00:00:00Z"
    public static let instant = ISO8601DateFormatter().date(from: at)!

    enum CodingKeys: String, CodingKey { case identity, cafile, findings, opensslCode }

    public var isIP: Bool { identity.first?.isNumber == true || identity.contains(":") }
    public var rejected: Bool { opensslCode != 0 }
    public var description: String { "\(scenario) as \(identity) trusting \(cafile)" }

    struct File: Decodable {
        var cases: [ChainScenarioCase]
    }

    /// Every case of every scenario folder that has an `expected.json`, by scenario name then file order.
    public static func all() throws -> [ChainScenarioCase] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestPaths.testChains.path).sorted()
        var cases: [ChainScenarioCase] = []
        for folder in folders {
            let path = TestPaths.scenarioFile(folder, "expected.json")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            cases += file.cases.map {
                var scenarioCase = $0; scenarioCase.scenario = folder; return scenarioCase
            }
        }
        guard !cases.isEmpty else { throw TestSupportError("no TestChains/*/expected.json found") }
        return cases
    }

    /// For `@Test(arguments:)`, which cannot throw: a fixture that does not load yields no case, and
    /// `allLoad()`'s own test fails.
    public static var loaded: [ChainScenarioCase] { (try? all()) ?? [] }
}
