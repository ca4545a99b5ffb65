import SwiftASN1
import X509

/// A client with a fixed bound on the intermediates of a path: mbedTLS always (MBEDTLS_X509_MAX_INTERMEDIATE_CA, 8 by
/// default, a compile-time setting); Java only when it has to search for a path because the chain was not sent in
/// order (`onlyWhenReordering`). A longer path fails however sound it is.
struct IntermediateLimitPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []
    var maximum: Int
    /// The presented chain, when the limit applies only to a chain not sent in order; nil: always.
    var onlyWhenReordering: [Certificate]? = nil

    func violation(in path: [Certificate]) -> StrictViolation? {
        var intermediates = path.count - 2
        if let presented = onlyWhenReordering {
            // maxPathLength counts the intermediates that are not self-issued (RFC 5280 §6.1.4 (l)).
            intermediates = path.dropFirst().dropLast().filter { $0.issuer != $0.subject }.count
            guard intermediates > maximum else { return nil }
            let ordered = zip(presented, presented.dropFirst()).allSatisfy { $0.issuer == $1.subject }
            guard !ordered else { return nil }
            return StrictViolation(
                rule: .chainTooLong, position: 0,
                detail: "The chain is not sent in order, so this client searches for a path, and gives up beyond "
                    + "\(maximum) intermediates that are not self-issued (this path has \(intermediates)); serve the leaf first, then each "
                    + "intermediate followed by its issuer, and nothing else.")
        }
        guard intermediates > maximum else { return nil }
        return StrictViolation(
            rule: .chainTooLong, position: 0,
            detail: "The path has \(intermediates) intermediates and this client stops after \(maximum); shorten "
                + "the chain.")
    }
}
