import ChainDiagnostics
import Foundation
import TestSupport
import Testing

/// The strict verdict on every TestChains scenario (its `cases` and its `knownGaps`), asserted rule by rule. Where
/// the strict verdict differs from OpenSSL's (the scenario's `opensslCode`), the expectation says why.
@Suite(.timeLimit(.minutes(10))) struct StrictValidatorScenarioTests {
    struct Scenario: Sendable, CustomStringConvertible {
        var scenario: String
        var identity: String
        var cafile: String
        var key: String { "\(scenario) \(identity) \(cafile)" }
        var description: String { "\(scenario) as \(identity) trusting \(cafile)" }
    }

    /// What the strict validator says: accepted, or the rules of its rejections and the presented index the first
    /// one names (nil: a trust-store certificate).
    struct Expectation: Sendable {
        var accepted: Bool
        var rules: [StrictRule] = []
        var presentedIndex: Int? = nil
        /// For an accepted chain: the presented indexes of the path below the anchor, leaf first.
        var pathThroughPresented: [Int]? = nil
    }

    static let expectations: [String: Expectation] = [
        "ca-flag-missing broker.test client-ca.crt": .init(accepted: false, rules: [.notCA], presentedIndex: 1),
        // OpenSSL accepts (0): it falls back to the CN when there is no subjectAltName. Strict clients (Go, rustls,
        // browsers) never read the CN: rejected for the missing SAN.
        "cn-only broker.test client-ca.crt": .init(accepted: false, rules: [.missingSubjectAltName], presentedIndex: 0),
        // OpenSSL: 64 (IP mismatch). Strict: the missing SAN comes first, and would be the reason for any name.
        "cn-only 127.0.0.1 client-ca.crt": .init(accepted: false, rules: [.missingSubjectAltName], presentedIndex: 0),
        "contains-anchor broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "cross-signed broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        // OpenSSL rejects (20): it takes the first intermediate with the right name and key (issued by the test
        // root, not trusted here) and never backtracks. The strict validator backtracks, as Go, Java and browsers
        // do, to the same intermediate issued by the cross root (presented certificate 2), and accepts.
        "cross-signed broker.test client-ca-cross.crt": .init(accepted: true, pathThroughPresented: [0, 2]),
        "cross-signed-root broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "cross-signed-root broker.test client-ca-cross.crt": .init(accepted: true, pathThroughPresented: [0, 1, 2]),
        "duplicate-and-extra broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "expired-intermediate broker.test client-ca.crt": .init(accepted: false, rules: [.expired], presentedIndex: 1),
        "expired-leaf broker.test client-ca.crt": .init(accepted: false, rules: [.expired], presentedIndex: 0),
        "expiring-soon broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "healthy broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "healthy-ecdsa broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "hostname-mismatch broker.test client-ca.crt": .init(
            accepted: false, rules: [.hostnameMismatch], presentedIndex: 0),
        "ip-san 127.0.0.1 client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "ip-san broker.test client-ca.crt": .init(accepted: false, rules: [.hostnameMismatch], presentedIndex: 0),
        "leaf-only broker.test client-ca.crt": .init(accepted: false, rules: [.missingIssuer], presentedIndex: 0),
        // The AIA URL is not fetched: neither OpenSSL nor Go nor rustls does (only browsers and Windows do).
        "leaf-only-aia broker.test client-ca.crt": .init(accepted: false, rules: [.missingIssuer], presentedIndex: 0),
        "no-server-auth broker.test client-ca.crt": .init(
            accepted: false, rules: [.extendedKeyUsage], presentedIndex: 0),
        "path-length broker.test client-ca.crt": .init(
            accepted: false, rules: [.pathLengthExceeded], presentedIndex: 2),
        "rekeyed-intermediate broker.test client-ca.crt": .init(
            accepted: false, rules: [.signatureInvalid], presentedIndex: 0),
        "self-signed-leaf broker.test client-ca.crt": .init(
            accepted: false, rules: [.untrustedRoot], presentedIndex: 0),
        "sha1-signature broker.test client-ca.crt": .init(
            accepted: false, rules: [.weakSignatureAlgorithm], presentedIndex: 0),
        "three-level-missing-middle broker.test client-ca.crt": .init(
            accepted: false, rules: [.missingIssuer], presentedIndex: 1),
        "untrusted-root broker.test client-ca.crt": .init(
            accepted: false, rules: [.missingIssuer], presentedIndex: 1),
        // swift-certificates cannot read the 1024-bit key: judged from the DER, named with its key.
        "weak-key broker.test client-ca.crt": .init(accepted: false, rules: [.weakKey], presentedIndex: 0),
        "wildcard broker.mqtt.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 1]),
        "wildcard a.b.mqtt.test client-ca.crt": .init(accepted: false, rules: [.hostnameMismatch], presentedIndex: 0),
        "wildcard mqtt.test client-ca.crt": .init(accepted: false, rules: [.hostnameMismatch], presentedIndex: 0),
        // Reversed intermediates: both verdicts accept (path building ignores the order).
        "wrong-order broker.test client-ca.crt": .init(accepted: true, pathThroughPresented: [0, 2, 1]),
        // A knownGaps case: the analyzer misses the constraint, OpenSSL rejects (47); the strict validator rejects
        // for the name constraint too, naming the leaf whose name is outside it.
        "name-constraints broker.test client-ca.crt": .init(
            accepted: false, rules: [.nameConstraints], presentedIndex: 0),
    ]

    static let scenarios: [Scenario] =
        ChainScenarioCase.loaded.map { Scenario(scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile) }
        + ((try? KnownGapCase.all()) ?? []).map {
            Scenario(scenario: $0.scenario, identity: $0.identity, cafile: $0.cafile)
        }

    @Test func everyScenarioHasAnExpectation() {
        #expect(Self.scenarios.count == Self.expectations.count)
        for scenario in Self.scenarios {
            #expect(Self.expectations[scenario.key] != nil, "no strict expectation for \(scenario)")
        }
    }

    @Test(arguments: scenarios)
    func strictVerdict(scenario: Scenario) throws {
        let expected = try #require(Self.expectations[scenario.key])
        let presented = try TestChainsFiles.presented(scenario.scenario)
        let anchors = try TestChainsFiles.presented(scenario.scenario, file: scenario.cafile)
        let verdict = StrictValidator().validate(
            presentedChain: presented, trustAnchors: anchors, identity: ServerIdentity(scenario.identity),
            at: TestChainsFiles.clock)
        #expect(verdict.accepted == expected.accepted, "\(verdict.rejections.map(\.detail))")
        #expect(verdict.rules == expected.rules)
        if expected.accepted {
            let path = try #require(verdict.path)
            #expect(verdict.rejections.isEmpty)
            #expect(anchors.contains(path.last ?? []), "the path ends at a trust anchor")
            let below = path.dropLast().map { der in presented.firstIndex(of: der) }
            #expect(below == expected.pathThroughPresented, "path through presented indexes")
        } else {
            #expect(verdict.path == nil)
            #expect(verdict.rejections.first?.presentedIndex == expected.presentedIndex)
            for rejection in verdict.rejections {
                #expect(rejection.detail.contains(rejection.subject), "the sentence names the certificate")
            }
        }
    }
}
