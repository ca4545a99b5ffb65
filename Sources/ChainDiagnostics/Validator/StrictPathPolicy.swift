import SwiftASN1
import X509

/// A strict rule written as a swift-certificates `VerifierPolicy`: the `Verifier` builds candidate paths (with
/// backtracking) and asks every policy about each path that reaches a trust anchor; a path that fails one is kept,
/// with its reason, in `couldNotValidate`. Our rules only look at the path they are given and name one certificate.
protocol StrictPathPolicy: VerifierPolicy, Sendable {
    /// The first violation on the path (leaf first, trust anchor last), or nil when the path meets the rule.
    func violation(in path: [Certificate]) -> StrictViolation?
}

extension StrictPathPolicy {
    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        violation(in: Array(chain))?.policyResult ?? .meetsPolicy
    }
}

/// How a certificate on a path is named in a sentence.
enum PathNaming {
    static func subject(_ certificate: Certificate) -> String {
        let text = certificate.subject.text
        return text.isEmpty ? "(empty subject)" : text
    }

    /// "leaf", "intermediate" or "trust anchor"; a one-certificate path is a leaf found in the trust store.
    static func role(_ position: Int, in path: [Certificate]) -> String {
        if position == 0 { return path.count == 1 ? "leaf (itself in the trust store)" : "leaf" }
        return position == path.count - 1 ? "trust anchor" : "intermediate"
    }

    /// "the intermediate 'CN=…'".
    static func name(_ position: Int, in path: [Certificate]) -> String {
        "the \(role(position, in: path)) '\(subject(path[position]))'"
    }

    /// The positions below the trust anchor: the certificates a client checks. RFC 5280 §6.1.1 (d) takes the
    /// anchor's name and key as inputs, so profile rules leave the anchor itself alone, as Go, rustls and browsers do.
    /// A leaf found in the trust store (a one-certificate path) is itself the anchor: the range is empty.
    static func belowAnchor(_ path: [Certificate]) -> Range<Int> {
        0..<(path.count - 1)
    }

    /// The leaf and the intermediates: what the leaf rules and the usage rules look at, including a leaf found in
    /// the trust store itself.
    static func leafAndIntermediates(_ path: [Certificate]) -> Range<Int> {
        0..<max(path.count - 1, 1)
    }

    /// The issuing certificates below the anchor: the intermediates.
    static func intermediates(_ path: [Certificate]) -> Range<Int> {
        path.count > 2 ? 1..<(path.count - 1) : 1..<1
    }
}
