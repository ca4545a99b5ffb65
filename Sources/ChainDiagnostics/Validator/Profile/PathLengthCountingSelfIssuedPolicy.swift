import SwiftASN1
import X509

/// pathLenConstraint as Go, mbedTLS and BearSSL count it: every intermediate below a CA counts, self-issued ones
/// included (RFC 5280 §6.1.4 (l) leaves self-issued certificates out; swift-certificates' RFC 5280 policy follows
/// the RFC and runs for every profile, so this policy adds only the stricter count).
struct PathLengthCountingSelfIssuedPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in 1..<path.count {
            guard case .isCertificateAuthority(let maximum?)? = try? path[position].extensions.basicConstraints,
                position - 1 > maximum
            else { continue }
            return StrictViolation(
                rule: .pathLengthExceeded, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) allows \(maximum) intermediate(s) "
                    + "below it and this client counts \(position - 1), self-issued ones included; re-issue it with "
                    + "a larger pathlen, or shorten the chain.")
        }
        return nil
    }
}
