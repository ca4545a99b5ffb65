import Foundation
import TestSupport
import Testing

/// Every TestChains expectation's OpenSSL code, re-derived with the `openssl verify` CLI rather than through our
/// own OpenSSL wrapper: the flags that reproduce a TLS client at the default security level (TestChains/README.md),
/// the certificates after the leaf as the untrusted chain, at the tests' fixed instant.
@Suite(.timeLimit(.minutes(10))) struct OpenSSLCLITests {
    /// A case to verify: from `cases` or from `knownGaps` of a scenario's expected.json.
    struct Expectation: CustomTestStringConvertible, Sendable {
        var scenario: String
        var identity: String
        var cafile: String
        var opensslCode: Int32
        var isIP: Bool { identity.first?.isNumber == true || identity.contains(":") }
        var testDescription: String { "\(scenario) as \(identity) trusting \(cafile)" }
    }

    static let cases = ChainScenarioCase.loaded.map {
        Expectation(scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile, opensslCode: $0.opensslCode)
    }
    static let knownGaps = ((try? KnownGapCase.all()) ?? []).map {
        Expectation(scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile, opensslCode: $0.opensslCode)
    }

    @Test func everyExpectationIsHere() throws {
        #expect(Self.cases.count == (try ChainScenarioCase.all()).count)
        #expect(Self.knownGaps.count == (try KnownGapCase.all()).count)
        #expect(!Self.knownGaps.isEmpty, "name-constraints records issue 10's gap")
    }

    @Test(arguments: cases + knownGaps)
    func opensslVerifyGivesTheExpectedCode(expectation: Expectation) throws {
        let (code, output) = try Self.opensslVerify(expectation)
        #expect(code == expectation.opensslCode, "openssl verify said: \(output)")
    }

    /// The PEM blocks of a file, each with its BEGIN and END lines.
    static func pemBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-----BEGIN CERTIFICATE-----") { current = [] }
            current?.append(line)
            if line.hasPrefix("-----END CERTIFICATE-----"), let block = current {
                blocks.append(block.joined(separator: "\n") + "\n")
                current = nil
            }
        }
        return blocks
    }

    /// `openssl verify` on the scenario's broker.crt: the first error code it prints (`error N at D depth
    /// lookup: ...`), or 0 for `OK`; and what it printed.
    static func opensslVerify(_ expectation: Expectation) throws -> (Int32, String) {
        let scratch = try TemporaryDirectory("verify")
        let directory = scratch.path
        let blocks = pemBlocks(
            try String(contentsOfFile: TestPaths.scenarioFile(expectation.scenario, "broker.crt"), encoding: .utf8))
        guard let leaf = blocks.first else { throw TestSupportError("\(expectation.scenario)/broker.crt: no PEM") }
        let leafPath = directory + "/leaf.pem"
        try leaf.write(toFile: leafPath, atomically: true, encoding: .utf8)
        var untrusted: String?
        if blocks.count > 1 {
            untrusted = directory + "/untrusted.pem"
            try blocks.dropFirst().joined().write(
                toFile: directory + "/untrusted.pem", atomically: true, encoding: .utf8)
        }
        return try OpenSSLVerifyCLI.firstCode(
            leaf: leafPath, untrusted: untrusted,
            cafile: TestPaths.scenarioFile(expectation.scenario, expectation.cafile), identity: expectation.identity,
            isIP: expectation.isIP, at: ChainScenarioCase.instant)
    }
}
