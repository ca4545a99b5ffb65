import ChainDiagnostics
import ClientFamilies
import Foundation
import TestSupport
import Testing

/// Each client family's profile (Sources/ClientFamilies) against its real stack (`ClientStackTests`), on every
/// TestChains scenario case and every chain of the generated corpus. They must agree, apart from the cases
/// `ProfileExceptions.all` explains; the whole comparison is the committed table `TestChains/client-families.md`,
/// regenerated here and required to be current.
@Suite(.timeLimit(.minutes(10))) struct ProfileAgreementTests {
    static let tablePath = TestPaths.testChains.appendingPathComponent("client-families.md").path

    static func family(_ stack: ClientStack) -> ClientFamily {
        switch stack {
        case .go: .go
        case .java: .java
        case .mbedtls: .mbedtls
        case .bearssl: .bearssl
        case .wolfssl: .wolfssl
        }
    }

    struct Disagreement: Sendable {
        var caseName: String
        var stack: ClientStack
        var real: StackVerdict
        var profile: ClientVerdict
    }

    struct Comparison: Sendable {
        var cases: Int
        var disagreements: [Disagreement]
    }

    static func profileVerdict(_ stack: ClientStack, _ chain: ClientStackCase) -> ClientVerdict {
        ClientJudge(families: [family(stack)]).judge(
            presentedChain: chain.presentedChain, trustAnchors: chain.trustAnchors,
            identity: ServerIdentity(chain.identity), at: chain.instant, openssl: nil)[0]
    }

    static let computed = Result { () throws -> Comparison in
        let outcomes = try ClientStackTests.computed.get()
        var disagreements: [Disagreement] = []
        var cases = 0
        func compare(_ name: String, _ chain: ClientStackCase, _ verdicts: [ClientStack: StackVerdict]) {
            cases += 1
            for stack in ClientStack.allCases {
                let profile = profileVerdict(stack, chain)
                let real = verdicts[stack]!
                if profile.accepted != real.accepted {
                    disagreements.append(
                        Disagreement(caseName: name, stack: stack, real: real, profile: profile))
                }
            }
        }
        for outcome in outcomes.scenarios {
            let c = outcome.scenarioCase
            compare(
                "scenario \(c.scenario) as \(c.identity) trusting \(c.cafile)",
                try ClientStackTests.chain(of: c), outcome.verdicts)
        }
        for outcome in outcomes.corpus {
            compare(
                "corpus \(outcome.corpusCase.name)", ClientStackTests.chain(of: outcome.corpusCase), outcome.verdicts)
        }
        return Comparison(cases: cases, disagreements: disagreements)
    }

    /// Why a profile and its real stack may disagree: the family, a part of the case name, and the reason. Every
    /// disagreement must be explained here, and every explanation must still be needed.
    struct Explanation: Sendable {
        var stacks: [ClientStack]
        var cases: [String]
        var reason: String
    }

    static let explanations: [Explanation] = [
        Explanation(
            stacks: [.go, .java, .bearssl, .wolfssl], cases: ["key_size/", "scenario weak-key "],
            reason: "swift-crypto refuses RSA keys under 2048 bits, so the imitation cannot build a path through one "
                + "and rejects; this stack accepts RSA-1024. OpenSSL at security level 2 rejects these chains (66, "
                + "67), so the report says they fail for OpenSSL clients all the same."),
        Explanation(
            stacks: [.java], cases: ["path_length/p0-s-s/"],
            reason: "Java's path builder, used when the chain is not sent in order, refuses two self-issued "
                + "certificates under a pathlen:0 CA; the imitation counts pathLen as RFC 5280 §6.1.4 (l) does."),
        Explanation(
            stacks: [.mbedtls], cases: ["path_length/p1-x-s/", "cross_signed/via_sub/path_length_0/"],
            reason: "mbedTLS leaves some self-issued certificates out of its pathLen count (x509_crt_verify_chain's "
                + "self_cnt); the imitation counts every intermediate, which agrees on the other 40 path-length cases."),
        Explanation(
            stacks: [.wolfssl], cases: ["name_constraints/", "/excludes_the_name/"],
            reason: "wolfSSL's name-constraints code (ConfirmNameConstraints) departs from RFC 5280 §4.2.1.10 in both "
                + "directions; the imitation follows the RFC. Name-constrained CAs are rare in MQTT fleets."),
        Explanation(
            stacks: [.wolfssl], cases: ["identity/ipv6_", "name_constraints/permitted_ipv6_inside/"],
            reason: "Debian's wolfSSL does not match an IPv6 address against an iPAddress SAN "
                + "(wolfSSL_X509_check_ip_asc compares text forms); the imitation matches the address."),
        Explanation(
            stacks: [.wolfssl], cases: ["path_length/", "cross_signed/via_sub/path_length_0/"],
            reason: "wolfSSL compares a CA's pathLenConstraint with its signer's (ASN_PATHLEN_SIZE_E) instead of "
                + "counting the path; the imitation counts as RFC 5280 does."),
    ]

    static func explanation(for disagreement: Disagreement) -> Explanation? {
        explanations.first { explanation in
            explanation.stacks.contains(disagreement.stack)
                && explanation.cases.contains { disagreement.caseName.contains($0) }
        }
    }

    static func table(_ comparison: Comparison) -> String {
        var lines = [
            "# Client-family profiles against the real stacks",
            "",
            "Generated by `ProfileAgreementTests` (Tests/ClientFamiliesTests): each profile of Sources/ClientFamilies "
                + "judges every TestChains scenario case and every corpus chain, and is compared with what its real "
                + "stack does (TestChains/client-stacks.md). The OpenSSL family is OpenSSL's own verdict and needs no "
                + "comparison. Set `CHAINDOCTOR_WRITE_CORPUS_TABLE=1` to rewrite this file after a deliberate change.",
            "",
            "| family | cases | agrees | explained exceptions |",
            "| --- | --- | --- | --- |",
        ]
        for stack in ClientStack.allCases {
            let count = comparison.disagreements.filter { $0.stack == stack }.count
            lines.append(
                "| \(family(stack).profile.name) | \(comparison.cases) | \(comparison.cases - count) | \(count) |")
        }
        lines += [
            "",
            "## Exceptions",
            "",
            "| case | family | real stack | profile | why |",
            "| --- | --- | --- | --- | --- |",
        ]
        for d in comparison.disagreements {
            let real = d.real.accepted ? "accept" : "reject: \(ClientStackTests.cell(d.real.message))"
            let profile =
                d.profile.accepted ? "accept" : "reject (\(d.profile.reason.map { "\($0)" } ?? ""))"
            let why = explanation(for: d).map { ClientStackTests.cell($0.reason) } ?? "UNEXPLAINED"
            lines.append("| \(d.caseName) | \(family(d.stack).profile.name) | \(real) | \(profile) | \(why) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func everyDisagreementIsExplained() throws {
        let comparison = try Self.computed.get()
        let unexplained = comparison.disagreements.filter { Self.explanation(for: $0) == nil }
        #expect(
            unexplained.isEmpty,
            "profile and real stack disagree: \(unexplained.map { "\($0.stack) on \($0.caseName): real \($0.real), profile \($0.profile.accepted) \($0.profile.detail ?? "")" })"
        )
        for explanation in Self.explanations {
            #expect(
                comparison.disagreements.contains { Self.explanation(for: $0)?.reason == explanation.reason },
                "explanation no longer needed: \(explanation.reason)")
        }
        // The exceptions stay few: no family disagrees with its stack on more than a tenth of the cases (wolfSSL's
        // name constraints are most of its 46 today; every other family is under 2%).
        for stack in ClientStack.allCases {
            let count = comparison.disagreements.filter { $0.stack == stack }.count
            #expect(count * 10 <= comparison.cases, "\(stack) disagrees on \(count) of \(comparison.cases)")
        }
    }

    @Test func theCommittedTableIsCurrent() throws {
        let table = Self.table(try Self.computed.get())
        let committed = try CommittedTable.committed(table, at: Self.tablePath)
        #expect(committed == table, "TestChains/client-families.md is stale; it should read:\n\(table)")
    }

    /// The facts issue 11 cites, as the profiles tell them, in the real stacks' own words.
    @Test func theCitedFactsInTheStacksOwnWords() throws {
        let scenarios = try ClientStackTests.computed.get().scenarios
        func chain(
            _ scenario: String, _ identity: String, _ cafile: String
        ) throws -> (
            ClientStackCase, ClientStackTests.ScenarioOutcome
        ) {
            let outcome = try #require(
                scenarios.first {
                    $0.scenarioCase.scenario == scenario && $0.scenarioCase.identity == identity
                        && $0.scenarioCase.cafile == cafile
                })
            return (try ClientStackTests.chain(of: outcome.scenarioCase), outcome)
        }
        let (cnOnly, cnOnlyReal) = try chain("cn-only", "broker.test", "client-ca.crt")
        let go = Self.profileVerdict(.go, cnOnly)
        #expect(!go.accepted && go.prints == cnOnlyReal.go.message)
        let (cross, _) = try chain("cross-signed", "broker.test", "client-ca-cross.crt")
        #expect(Self.profileVerdict(.go, cross).accepted && Self.profileVerdict(.java, cross).accepted)
        #expect(!Self.profileVerdict(.mbedtls, cross).accepted)
        let (wrongOrder, wrongOrderReal) = try chain("wrong-order", "broker.test", "client-ca.crt")
        let bearssl = Self.profileVerdict(.bearssl, wrongOrder)
        #expect(bearssl.prints == wrongOrderReal.bearssl.message)
        #expect(bearssl.fix?.contains("in order") == true)
    }
}
