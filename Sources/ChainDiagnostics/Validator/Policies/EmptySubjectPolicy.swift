import SwiftASN1
import X509

/// RFC 5280 §4.1.2.6, below the trust anchor: a CA's subject MUST NOT be empty (its name is how certificates find
/// their issuer), and a certificate with an empty subject MUST carry a critical subjectAltName (§4.2.1.6).
/// Enforced by OpenSSL 3 with -x509_strict (X509_V_ERR_SUBJECT_NAME_EMPTY, X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL)
/// and pyca/cryptography; Go and rustls accept both.
struct EmptySubjectPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path) where path[position].subject.isEmpty {
            let role = PathNaming.role(position, in: path)
            if position > 0 {
                return StrictViolation(
                    rule: .emptySubject, position: position,
                    detail: "The \(role) issued by '\(path[position].issuer.text)' has an empty "
                        + "subject, which a CA certificate must not have (RFC 5280 §4.1.2.6); re-issue it with a name.")
            }
            let san = path[position].extensions[oid: .X509ExtensionID.subjectAlternativeName]
            guard san?.critical != true else { continue }
            return StrictViolation(
                rule: .emptySubject, position: position,
                detail: "The leaf issued by '\(path[position].issuer.text)' has an empty subject and "
                    + "its subjectAltName is \(san == nil ? "missing" : "not critical") (RFC 5280 §4.1.2.6 requires "
                    + "it critical); re-issue it with a subject or a critical subjectAltName.")
        }
        return nil
    }
}
