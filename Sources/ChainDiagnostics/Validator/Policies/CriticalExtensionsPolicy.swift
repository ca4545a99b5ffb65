import SwiftASN1
import X509

/// RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a critical extension it
/// does not recognize". Every client enforces it: OpenSSL (X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 34), Go
/// (`UnhandledCriticalExtension`), rustls/webpki, Java and browsers. So: a rejection.
///
/// swift-certificates' `Verifier` checks critical extensions itself, but silently: a leaf with one yields
/// `couldNotValidate([])` and an issuer with one is skipped, leaving no reason. To keep the reason, this policy
/// declares every critical extension found in the input as handled (so the `Verifier` builds the paths) and then
/// rejects each path on which a certificate below the anchor carries one we do not process, naming it. The anchor is
/// configuration (RFC 5280 §6.1.1 (d)): its extensions are not processed, as rustls and Go leave them.
struct CriticalExtensionsPolicy: StrictPathPolicy {
    /// What the strict validator processes: the rules in this folder and swift-certificates' RFC 5280 policy.
    /// certificatePolicies is accepted as processed with the initial policy set any-policy (RFC 5280 §6.1.1 (c)),
    /// as OpenSSL and Go do.
    static let processed: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.basicConstraints, .X509ExtensionID.keyUsage, .X509ExtensionID.extendedKeyUsage,
        .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.nameConstraints, [2, 5, 29, 32],
    ]

    let verifyingCriticalExtensions: [ASN1ObjectIdentifier]

    /// - Parameter certificates: every certificate the `Verifier` may put on a path.
    init(certificates: [Certificate]) {
        var seen = Self.processed
        for certificate in certificates {
            for ext in certificate.extensions where ext.critical && !seen.contains(ext.oid) {
                seen.append(ext.oid)
            }
        }
        self.verifyingCriticalExtensions = seen
    }

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.leafAndIntermediates(path) {
            for ext in path[position].extensions where ext.critical && !Self.processed.contains(ext.oid) {
                return StrictViolation(
                    rule: .unknownCriticalExtension, position: position,
                    detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has the critical extension "
                        + "\(ext.oid), which no client processes, so every client rejects it (RFC 5280 §4.2); "
                        + "re-issue it without that extension or with it non-critical.")
            }
        }
        return nil
    }
}
