import Foundation
import TestSupport
import Testing

/// TestChains/README.md shows what each scenario gives; the table there is generated from the scenarios'
/// `expected.json`, and this test fails (printing the table to paste) when the two part.
@Suite(.timeLimit(.minutes(10))) struct ExpectedTableTests {
    static let begin =
        "<!-- expected: begin (generated from TestChains/*/expected.json; checked by ExpectedTableTests) -->"
    static let end = "<!-- expected: end -->"

    static func table(_ cases: [ChainScenarioCase]) -> String {
        let rows = cases.map {
            "| \($0.scenario) | \($0.identity) | `\($0.cafile)` | \($0.findings.joined(separator: ", ")) | \($0.opensslCode) |"
        }
        return
            ([
                begin,
                "| scenario | client dials | client trusts | chaindoctor's findings, in order | OpenSSL verify code |",
                "| --- | --- | --- | --- | --- |",
            ] + rows + [end]).joined(separator: "\n")
    }

    @Test func readmeTableIsTheExpectations() throws {
        let readme = try String(contentsOfFile: TestPaths.scenarioFile("README.md", ""), encoding: .utf8)
        let expected = Self.table(try ChainScenarioCase.all())
        let start = try #require(readme.range(of: Self.begin), "TestChains/README.md has no generated table")
        let stop = try #require(readme.range(of: Self.end, range: start.upperBound..<readme.endIndex))
        let actual = String(readme[start.lowerBound..<stop.upperBound])
        #expect(actual == expected, "TestChains/README.md is stale; its table should read:\n\(expected)")
    }
}
