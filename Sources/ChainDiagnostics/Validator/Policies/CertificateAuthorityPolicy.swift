import SwiftASN1
import X509

/// What swift-certificates' `BasicConstraintsPolicy` leaves out of RFC 5280 §4.2.1.9 and the Web PKI profile. It
/// already rejects an issuer without basicConstraints cA=TRUE and counts pathLenConstraint with the §6.1.4 (l)
/// self-issued rule (it counts only certificates whose issuer differs from their subject), so neither is repeated.
///
/// - An intermediate must be X.509 v3: swift-certificates lets a v1 certificate act as a CA (RFC 5280 §6.1.4 (k)
///   allows it only by local policy); Go, rustls/webpki and browsers reject a v1 intermediate, which cannot carry
///   basicConstraints. A v1 trust anchor stays allowed (it is configuration).
/// - The leaf must not be a CA: rustls/webpki rejects it (`CaUsedAsEndEntity`), and the CA/Browser Forum Baseline
///   Requirements §7.1.2.7.8 forbid cA=TRUE in a subscriber certificate. Go and OpenSSL accept it; a strict verdict
///   rejects it, since one strict client does.
struct CertificateAuthorityPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.basicConstraints]

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.intermediates(path) where path[position].version != .v3 {
            return StrictViolation(
                rule: .certificateVersion, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) is an X.509 \(path[position].version) "
                    + "certificate, which cannot say it is a CA (RFC 5280 §4.2.1.9); Go, rustls and browsers refuse it "
                    + "as an intermediate: re-issue it as v3 with basicConstraints cA=TRUE.")
        }
        guard path.count > 1 else { return nil }
        if case .isCertificateAuthority = try? path[0].extensions.basicConstraints {
            return StrictViolation(
                rule: .leafIsCA, position: 0,
                detail: "\(PathNaming.name(0, in: path).capitalizedFirst) has basicConstraints cA=TRUE; rustls rejects "
                    + "a CA certificate as a server's certificate (CA/Browser Forum BR §7.1.2.7.8): issue the broker a "
                    + "certificate with cA=FALSE.")
        }
        return nil
    }
}
