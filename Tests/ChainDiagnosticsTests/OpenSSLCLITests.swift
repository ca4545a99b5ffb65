import Foundation
import TestSupport
import Testing

/// Every TestChains expectation's OpenSSL code, re-derived with the `openssl verify` CLI rather than through our
/// own OpenSSL wrapper: the flags that reproduce a TLS client at the default security level (TestChains/README.md),
/// the certificates after the leaf as the untrusted chain, at the tests' fixed instant.
@Suite(.timeLimit(.minutes(2))) struct OpenSSLCLITests {
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
        var arguments = [
            "verify", "-auth_level", "2", "-purpose", "sslserver",
            "-attime", String(Int64(ChainScenarioCase.instant.timeIntervalSince1970)),
            "-CAfile", TestPaths.scenarioFile(expectation.scenario, expectation.cafile),
        ]
        if blocks.count > 1 {
            let rest = directory + "/untrusted.pem"
            try blocks.dropFirst().joined().write(toFile: rest, atomically: true, encoding: .utf8)
            arguments += ["-untrusted", rest]
        }
        arguments +=
            expectation.isIP ? ["-verify_ip", expectation.identity] : ["-verify_hostname", expectation.identity]
        arguments.append(leafPath)

        let (status, output) = try Tools.run("openssl", arguments)

        let firstError = output.split(separator: "\n").lazy.compactMap { line -> Int32? in
            guard line.hasPrefix("error "), line.contains(" depth lookup:") else { return nil }
            return Int32(line.split(separator: " ")[1])
        }.first
        if let firstError {
            guard status != 0 else { throw TestSupportError("an error but exit 0: \(output)") }
            return (firstError, output)
        }
        guard status == 0, output.contains("\(leafPath): OK") else {
            throw TestSupportError("openssl verify printed neither an error code nor OK: \(output)")
        }
        return (0, output)
    }
}
