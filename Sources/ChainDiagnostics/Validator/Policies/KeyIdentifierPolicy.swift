import SwiftASN1
import X509

/// The key identifier profile of RFC 5280, below the trust anchor:
///
/// - authorityKeyIdentifier MUST be present in every certificate but a self-signed one (§4.2.1.1), and
///   subjectKeyIdentifier in every CA certificate (§4.2.1.2): a client with several keys under one CA name needs
///   them to pick the issuer.
/// - Both MUST be non-critical.
///
/// Enforced by OpenSSL 3 with -x509_strict (X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER,
/// X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER) and by pyca/cryptography's verifier; Go, rustls and browsers do not
/// reject on it. A strict verdict (RFC 5280 as written) rejects; the report may grade it lower.
struct KeyIdentifierPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path) {
            let certificate = path[position]
            let name = PathNaming.name(position, in: path)
            for ext in certificate.extensions where ext.critical {
                guard
                    ext.oid == .X509ExtensionID.authorityKeyIdentifier
                        || ext.oid == .X509ExtensionID.subjectKeyIdentifier
                else { continue }
                let which = ext.oid == .X509ExtensionID.authorityKeyIdentifier ? "authority" : "subject"
                return StrictViolation(
                    rule: .keyIdentifiers, position: position,
                    detail: "\(name.capitalizedFirst) marks its \(which)KeyIdentifier critical, which RFC 5280 "
                        + "§4.2.1.\(which == "authority" ? 1 : 2) forbids; re-issue it with the extension non-critical."
                )
            }
            let selfSigned =
                certificate.issuer == certificate.subject
                && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
            if !selfSigned, certificate.extensions[oid: .X509ExtensionID.authorityKeyIdentifier] == nil {
                return StrictViolation(
                    rule: .keyIdentifiers, position: position,
                    detail: "\(name.capitalizedFirst) has no authorityKeyIdentifier (RFC 5280 §4.2.1.1); OpenSSL "
                        + "with -x509_strict rejects it: re-issue it with authorityKeyIdentifier=keyid.")
            }
            if position > 0, certificate.extensions[oid: .X509ExtensionID.subjectKeyIdentifier] == nil {
                return StrictViolation(
                    rule: .keyIdentifiers, position: position,
                    detail: "\(name.capitalizedFirst) is a CA without subjectKeyIdentifier (RFC 5280 §4.2.1.2); "
                        + "OpenSSL with -x509_strict rejects it: re-issue it with subjectKeyIdentifier=hash.")
            }
        }
        return nil
    }
}
