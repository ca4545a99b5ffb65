import SwiftASN1
import X509

/// For a client without name-constraints support (mbedTLS 2.x fails to parse the extension, BearSSL's minimal
/// engine refuses it as an unknown critical extension): a CA below the trust anchor that carries nameConstraints
/// makes the path fail, whatever the names.
struct UnsupportedNameConstraintsPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path)
        where path[position].extensions[oid: .X509ExtensionID.nameConstraints] != nil {
            return StrictViolation(
                rule: .nameConstraints, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) carries nameConstraints, which this "
                    + "client cannot process; issue the broker's certificate under a CA without them for these clients."
            )
        }
        return nil
    }
}
