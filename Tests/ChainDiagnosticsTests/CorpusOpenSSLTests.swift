import Foundation
import Synchronization
import TLSProbe
import TestSupport
import Testing

/// OpenSSL's verdict on every chain of the generated corpus: our wrapper (`OpenSSLVerifier`) against the `openssl
/// verify` CLI with the flags of a TLS client at the default security level (as `OpenSSLCLITests`), and then against
/// the strict verdict the generator expects. Where OpenSSL and the strict rules differ, the case is listed, with the
/// reason, in the committed table `TestChains/corpus-openssl-vs-strict.md`, which the strict validator's integration
/// is checked against.
@Suite(.timeLimit(.minutes(10))) struct CorpusOpenSSLTests {
    static let tablePath = TestPaths.testChains.appendingPathComponent("corpus-openssl-vs-strict.md").path

    /// Cases where the wrapper and the CLI cannot agree by construction, with the reason: none today.
    static let wrapperCLIDisagreements: [String: String] = [:]

    static func verdict(_ corpusCase: ChainCorpusCase) throws -> OpenSSLVerdict {
        try OpenSSLVerifier.verify(
            presentedChain: corpusCase.presentedChain,
            trustStore: .certificates(file: "anchors of \(corpusCase.name)", der: corpusCase.trustAnchors),
            hostname: corpusCase.identityIsIPAddress ? nil : corpusCase.identity,
            ipAddress: corpusCase.identityIsIPAddress ? corpusCase.identity : nil,
            atUnixTime: Int64(corpusCase.instant.timeIntervalSince1970))
    }

    @Test func theWrapperAndTheCLIGiveTheSameCodeOnEveryCase() throws {
        let corpus = try ChainCorpus.standard()
        let scratch = try TemporaryDirectory("corpus")
        let directory = scratch.path
        let results = Mutex([(Int32, String)?](repeating: nil, count: corpus.count))
        let failures = Mutex([String]())
        DispatchQueue.concurrentPerform(iterations: corpus.count) { index in
            do {
                let outcome = try Self.opensslVerify(corpus[index], index: index, in: directory)
                results.withLock { $0[index] = outcome }
            } catch {
                failures.withLock { $0.append("\(corpus[index].name): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let cli = results.withLock { $0 }
        var disagreements = 0
        for (index, corpusCase) in corpus.enumerated() {
            guard let (code, output) = cli[index] else { continue }
            let ours = try Self.verdict(corpusCase)
            if let reason = Self.wrapperCLIDisagreements[corpusCase.name] {
                #expect(ours.code != code, "\(corpusCase.name) is listed (\(reason)) but both say \(code)")
                continue
            }
            if ours.code != code {
                disagreements += 1
                Issue.record("\(corpusCase.name): OpenSSLVerifier \(ours.code) \(ours.text), CLI: \(output)")
            }
        }
        #expect(disagreements == 0)
        withExtendedLifetime(scratch) {}
    }

    @Test func theCommittedTableOfOpenSSLAgainstTheStrictRulesIsCurrent() throws {
        let table = try Self.table()
        let committed = try CommittedTable.committed(table, at: Self.tablePath)
        #expect(
            committed == table,
            """
            \(Self.tablePath) is stale: regenerate it with CHAINDOCTOR_WRITE_CORPUS_TABLE=1 swift test --filter \
            CorpusOpenSSLTests, or replace it with:
            \(table)
            """)
    }

    @Test func everyDifferenceHasAKnownReason() throws {
        for corpusCase in try ChainCorpus.standard() {
            let verdict = try Self.verdict(corpusCase)
            guard verdict.isValid != corpusCase.expectedStrict else { continue }
            #expect(
                Self.reason(corpusCase, verdict) != nil,
                "\(corpusCase.name): strict \(corpusCase.expectedRule ?? "accept"), OpenSSL \(verdict.code) \(verdict.text)"
            )
        }
    }

    /// The table of every case where OpenSSL's verdict (accept = code 0) differs from the strict expectation.
    static func table() throws -> String {
        let corpus = try ChainCorpus.standard()
        var rows: [String] = []
        var kinds: [String: Int] = [:]
        for corpusCase in corpus {
            let verdict = try verdict(corpusCase)
            guard verdict.isValid != corpusCase.expectedStrict else { continue }
            let reason = reason(corpusCase, verdict) ?? "unexplained: investigate"
            kinds[reason, default: 0] += 1
            let strict = corpusCase.expectedStrict ? "accept" : "reject (\(corpusCase.expectedRule ?? ""))"
            rows.append(
                "| \(corpusCase.name) | \(corpusCase.identity) | \(strict) | \(verdict.code) \(verdict.text) "
                    + "(depth \(verdict.depth)) | \(reason) |")
        }
        let summary = kinds.sorted { $0.key < $1.key }.map { "| \($0.value) | \($0.key) |" }
        let perRule = ChainCorpusRule.allCases.map { rule in
            let exercising = corpus.filter { $0.exercisedRule == rule.rawValue }
            let rejected = exercising.filter { !$0.expectedStrict }.count
            return "| \(rule.rawValue) | \(rejected) | \(exercising.count - rejected) |"
        }
        return """
            # The generated corpus: OpenSSL against the strict rules

            Generated by `CorpusOpenSSLTests` (do not edit; `CHAINDOCTOR_WRITE_CORPUS_TABLE=1 swift test --filter \
            CorpusOpenSSLTests` rewrites it) from `ChainCorpus.standard()` (Tests/TestSupport/ChainCorpus*.swift, \
            seed \(String(ChainCorpus.defaultSeed, radix: 16))): \(corpus.count) chains, each with the verdict a \
            strict client (RFC 5280 and the Web PKI, as Go and Java apply them; `ChainCorpusRule`) must reach, and \
            OpenSSL's verdict from `X509_verify_cert` as a TLS client at security level 2 calls it (`OpenSSLVerifier`, \
            which agrees with `openssl verify -auth_level 2 -purpose sslserver` on every case). Listed: the \
            \(rows.count) cases where OpenSSL accepts what the strict rules reject, or rejects what they accept.

            The cases per rule (`exercisedRule`): rejected for it, and accepted close to it (notAfter exactly at the \
            instant for `expired`, a self-issued CA under pathLen 0 for `path_length`, a dead end beside a path for \
            `no_path`). \(corpus.filter(\.expectedStrict).count) cases are accepted in all.

            | rule | rejected | accepted |
            | --- | --- | --- |
            \(perRule.joined(separator: "\n"))

            Where OpenSSL and the strict rules part, by reason:

            | cases | reason |
            | --- | --- |
            \(summary.joined(separator: "\n"))

            | case | identity | strict verdict | OpenSSL (first error) | reason |
            | --- | --- | --- | --- | --- |
            \(rows.joined(separator: "\n"))

            """
    }

    /// Why OpenSSL and the strict rules part on a case; nil when no reason is known (a test fails then).
    static func reason(_ corpusCase: ChainCorpusCase, _ verdict: OpenSSLVerdict) -> String? {
        let name = corpusCase.name
        let code = verdict.code
        if corpusCase.expectedStrict {
            if name.hasPrefix("cross_signed/"), code == 20 || code == 2 {
                return "OpenSSL takes the first intermediate with the right name and key identifier, a dead end "
                    + "here, and never backtracks to the certificate that leads to the anchor"
            }
            if name.hasPrefix("cross_signed/"), name.hasSuffix("/broken_first") {
                return "OpenSSL takes the first intermediate with the right name and key identifier, the broken "
                    + "one, and never backtracks to the sound one sent after it"
            }
            if name.contains("intermediate_trusted"), code == 2 {
                return "OpenSSL accepts only a self-signed anchor unless X509_V_FLAG_PARTIAL_CHAIN is set; "
                    + "RFC 5280 §6.1.1(d) lets any CA be the anchor"
            }
            if name.contains("at_not_after"), code == 10 {
                return "OpenSSL treats notAfter as exclusive; RFC 5280 §4.1.2.5 makes it inclusive"
            }
            return nil
        }
        guard code == 0 else { return nil }
        if name.contains("wildcard_partial_label") {
            return "OpenSSL matches a partial wildcard label (br*.example.com); RFC 9525 §6.3 allows only `*` as "
                + "the whole label"
        }
        if corpusCase.expectedRule == "subject_alt_name_missing" || corpusCase.expectedRule == "hostname" {
            return "OpenSSL falls back to the subject CN when the leaf has no DNS subjectAltName"
        }
        return nil
    }

    /// `openssl verify` on a case: the first error code it prints, or 0 for OK; and what it printed.
    static func opensslVerify(
        _ corpusCase: ChainCorpusCase, index: Int, in directory: String
    ) throws -> (Int32, String) {
        let leaf = "\(directory)/\(index)-leaf.pem"
        let anchors = "\(directory)/\(index)-anchors.pem"
        try pem(corpusCase.presentedChain.prefix(1)).write(toFile: leaf, atomically: false, encoding: .utf8)
        try pem(corpusCase.trustAnchors).write(toFile: anchors, atomically: false, encoding: .utf8)
        var untrusted: String?
        if corpusCase.presentedChain.count > 1 {
            untrusted = "\(directory)/\(index)-rest.pem"
            try pem(corpusCase.presentedChain.dropFirst())
                .write(toFile: "\(directory)/\(index)-rest.pem", atomically: false, encoding: .utf8)
        }
        return try OpenSSLVerifyCLI.firstCode(
            leaf: leaf, untrusted: untrusted, cafile: anchors, identity: corpusCase.identity,
            isIP: corpusCase.identityIsIPAddress, at: corpusCase.instant)
    }

    static func pem(_ certificates: some Sequence<[UInt8]>) -> String {
        OpenSSLVerifyCLI.pem(certificates)
    }
}
