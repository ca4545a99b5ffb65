import Foundation
import TestSupport
import Testing

/// The real validators (Go, Java, mbedTLS, BearSSL, wolfSSL: Tests/ClientStacks, through `ClientStack`) on every
/// TestChains scenario case and
/// every chain of the generated corpus: the ground truth issue 11's client-family profiles will be held to. What
/// they give is in the committed table `TestChains/client-stacks.md`, regenerated here and required to be current.
@Suite(.timeLimit(.minutes(10))) struct ClientStackTests {
    static let tablePath = TestPaths.testChains.appendingPathComponent("client-stacks.md").path

    /// A TestChains case: one of `ChainScenarioCase.all()` or, marked, of `KnownGapCase.all()` (name-constraints).
    struct ScenarioRow: Sendable {
        var scenario: String
        var identity: String
        var cafile: String
        var opensslCode: Int32
        var knownGap: Bool
        var isIP: Bool { identity.first?.isNumber == true || identity.contains(":") }
    }

    struct ScenarioOutcome: Sendable {
        var scenarioCase: ScenarioRow
        var verdicts: [ClientStack: StackVerdict]
        var go: StackVerdict { verdicts[.go]! }
        var java: StackVerdict { verdicts[.java]! }
        var bearssl: StackVerdict { verdicts[.bearssl]! }
    }

    struct CorpusOutcome: Sendable {
        var corpusCase: ChainCorpusCase
        var verdicts: [ClientStack: StackVerdict]
    }

    struct Outcomes: Sendable {
        var scenarios: [ScenarioOutcome]
        var corpus: [CorpusOutcome]
    }

    /// Every stack on every case, computed once for the suite: one run of each program for the scenarios and the
    /// corpus together.
    static let computed = Result { try outcomes() }

    static func outcomes() throws -> Outcomes {
        let rows =
            try ChainScenarioCase.all().map {
                ScenarioRow(
                    scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile, opensslCode: $0.opensslCode,
                    knownGap: false)
            }
            + KnownGapCase.all().map {
                ScenarioRow(
                    scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile, opensslCode: $0.opensslCode,
                    knownGap: true)
            }
        let scenarioCases = rows.enumerated().sorted {
            ($0.element.scenario, $0.offset) < ($1.element.scenario, $1.offset)
        }
        .map(\.element)
        let scenarioChains = try scenarioCases.map(chain(of:))
        let corpusCases = try ChainCorpus.standard()
        let corpusChains = corpusCases.map(chain(of:))
        var verdicts: [ClientStack: [StackVerdict]] = [:]
        for stack in ClientStack.allCases {
            verdicts[stack] = try stack.verify(scenarioChains + corpusChains)
        }
        let scenarios = scenarioCases.indices.map { index in
            ScenarioOutcome(scenarioCase: scenarioCases[index], verdicts: verdicts.mapValues { $0[index] })
        }
        let corpus = corpusCases.indices.map { index in
            CorpusOutcome(
                corpusCase: corpusCases[index], verdicts: verdicts.mapValues { $0[scenarioCases.count + index] })
        }
        return Outcomes(scenarios: scenarios, corpus: corpus)
    }

    /// What a client is given in a TestChains case.
    static func chain(of scenarioCase: ScenarioRow) throws -> ClientStackCase {
        ClientStackCase(
            presentedChain: try TestChainsFiles.presented(scenarioCase.scenario),
            trustAnchors: try TestChainsFiles.presented(scenarioCase.scenario, file: scenarioCase.cafile),
            identity: scenarioCase.identity, isIP: scenarioCase.isIP, at: ChainScenarioCase.instant)
    }

    /// What a client is given in a corpus case.
    static func chain(of corpusCase: ChainCorpusCase) -> ClientStackCase {
        ClientStackCase(
            presentedChain: corpusCase.presentedChain, trustAnchors: corpusCase.trustAnchors,
            identity: corpusCase.identity, isIP: corpusCase.identityIsIPAddress, at: corpusCase.instant)
    }

    static func verdict(_ accepted: Bool) -> String { accepted ? "accept" : "reject" }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// "Go on 512, Java on 500, ...": how many of `rows` each stack's accept/reject agrees with.
    static func agreement<Row>(
        _ rows: [Row], _ verdicts: (Row) -> [ClientStack: StackVerdict], _ expected: (Row) -> Bool
    )
        -> String
    {
        ClientStack.allCases.map { stack in
            "\(stack.displayName) on \(rows.filter { verdicts($0)[stack]!.accepted == expected($0) }.count)"
        }
        .joined(separator: ", ")
    }

    /// A verdict column and an error column per stack.
    static func stackCells(_ verdicts: [ClientStack: StackVerdict]) -> String {
        ClientStack.allCases.map { verdict(verdicts[$0]!.accepted) + " | " + cell(verdicts[$0]!.message) }
            .joined(separator: " | ")
    }

    static let stackHeader = ClientStack.allCases.map { "\($0.displayName) | \($0.displayName)'s error" }
        .joined(separator: " | ")
    static let stackRule = Array(repeating: "--- | ---", count: ClientStack.allCases.count).joined(separator: " | ")

    static func table(_ outcomes: Outcomes) -> String {
        let corpus = outcomes.corpus
        let scenarios = outcomes.scenarios
        var lines = [
            "# The real client stacks on the TestChains scenarios and the corpus",
            "",
            "Generated by `ClientStackTests` (Tests/ChainDiagnosticsTests): Go's `crypto/x509`, Java's JSSE PKIX "
                + "trust manager, mbedTLS 2.28's `mbedtls_x509_crt_verify_with_profile`, BearSSL's `br_x509_minimal` "
                + "and wolfSSL's certificate manager, run through the verifier programs in `Tests/ClientStacks/` "
                + "(`ClientStack` in Tests/TestSupport), with each stack's own error text. Every program judges at the "
                + "case's instant (mbedTLS through the clock it reads, wolfSSL through `wc_SetTimeCb`, BearSSL through "
                + "`br_x509_minimal_set_time`), so expiry compares across all columns. Set "
                + "`CHAINDOCTOR_WRITE_CORPUS_TABLE=1` to rewrite this file after a deliberate change.",
            "",
            "- Corpus (\(corpus.count) chains of `ChainCorpus`): agreement with the strict verdict the corpus expects: "
                + agreement(corpus, \.verdicts, \.corpusCase.expectedStrict) + ".",
            "- TestChains scenarios (\(scenarios.count) cases of the `expected.json` files, known gaps included): "
                + "agreement with OpenSSL's accept/reject: "
                + agreement(scenarios, \.verdicts) { $0.scenarioCase.opensslCode == 0 } + ".",
            "",
            "## TestChains scenarios",
            "",
            "Each case as its `expected.json` states it: the client dials `identity` and trusts `cafile`, at "
                + "\(ChainScenarioCase.at). OpenSSL is the verify code recorded there (0: accepts); a known gap "
                + "(`knownGaps` there) is marked.",
            "",
            "| scenario | identity | trusts | OpenSSL | \(stackHeader) |",
            "| --- | --- | --- | --- | \(stackRule) |",
        ]
        for outcome in scenarios {
            let c = outcome.scenarioCase
            lines.append(
                "| \(c.scenario)\(c.knownGap ? " (known gap)" : "") | \(c.identity) | \(c.cafile) | \(c.opensslCode) | "
                    + "\(stackCells(outcome.verdicts)) |")
        }
        lines += [
            "",
            "## Corpus",
            "",
            "Strict is the verdict the generator's RFC 5280 / Web PKI rules expect (with the rule, for a rejection).",
            "",
            "| case | strict | \(stackHeader) |",
            "| --- | --- | \(stackRule) |",
        ]
        for outcome in corpus {
            let c = outcome.corpusCase
            let strict = verdict(c.expectedStrict) + (c.expectedRule.map { " (\($0))" } ?? "")
            lines.append("| \(c.name) | \(strict) | \(stackCells(outcome.verdicts)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theCommittedTableIsCurrent() throws {
        let table = Self.table(try Self.computed.get())
        let committed = try CommittedTable.committed(table, at: Self.tablePath)
        #expect(committed == table, "TestChains/client-stacks.md is stale; it should read:\n\(table)")
    }

    /// The facts issue 11 cites, which must hold of the real stacks.
    @Test func theFactsTheIssueCites() throws {
        let scenarios = try Self.computed.get().scenarios
        func outcome(_ scenario: String, _ identity: String, _ cafile: String) throws -> ScenarioOutcome {
            let found = scenarios.first {
                $0.scenarioCase.scenario == scenario && $0.scenarioCase.identity == identity
                    && $0.scenarioCase.cafile == cafile
            }
            return try #require(found, "no case \(scenario) as \(identity) trusting \(cafile)")
        }
        // Go rejects a CN-only certificate that OpenSSL accepts.
        let cnOnly = try outcome("cn-only", "broker.test", "client-ca.crt")
        #expect(cnOnly.scenarioCase.opensslCode == 0)
        #expect(!cnOnly.go.accepted)
        #expect(cnOnly.go.message == "x509: certificate relies on legacy Common Name field, use SANs instead")
        // Java and Go find the path through the cross-signed intermediate where OpenSSL gives up (20).
        let cross = try outcome("cross-signed", "broker.test", "client-ca-cross.crt")
        #expect(cross.scenarioCase.opensslCode == 20)
        #expect(cross.go.accepted, "\(cross.go)")
        #expect(cross.java.accepted, "\(cross.java)")
        // BearSSL's minimal engine needs the chain in the order sent, each certificate issued by the next: it rejects
        // the intermediates presented reversed, which OpenSSL re-orders and accepts.
        let wrongOrder = try outcome("wrong-order", "broker.test", "client-ca.crt")
        #expect(wrongOrder.scenarioCase.opensslCode == 0)
        #expect(!wrongOrder.bearssl.accepted)
        #expect(wrongOrder.bearssl.message == "BR_ERR_X509_DN_MISMATCH (55)")
    }

    /// One chain through the single-case API: the healthy scenario, accepted by every stack; the expired leaf, rejected.
    @Test(arguments: ClientStack.allCases) func oneChain(stack: ClientStack) throws {
        let verdict = try stack.verify(
            presentedChain: try TestChainsFiles.presented("healthy"),
            trustAnchors: try TestChainsFiles.presented("healthy", file: "client-ca.crt"), identity: "broker.test",
            isIP: false, at: ChainScenarioCase.instant)
        #expect(verdict == StackVerdict(accepted: true, message: ""))
        let expired = try stack.verify(
            presentedChain: try TestChainsFiles.presented("expired-leaf"),
            trustAnchors: try TestChainsFiles.presented("expired-leaf", file: "client-ca.crt"),
            identity: "broker.test", isIP: false, at: ChainScenarioCase.instant)
        #expect(!expired.accepted && !expired.message.isEmpty)
    }
}
