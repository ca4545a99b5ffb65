import SwiftASN1
import X509

/// The leaf must name the server in a subjectAltName, with at least one dNSName or iPAddress entry.
///
/// RFC 6125 §6.4.4 allows a client to fall back to the subject's commonName only when there is no subjectAltName,
/// and swift-certificates' `ServerIdentityPolicy` does that. The Web PKI does not: CA/Browser Forum BR §7.1.2.7.12
/// requires the SAN, and Go (since 1.15), rustls, Chrome (since 58) and Firefox ignore the CN altogether. The strict
/// verdict follows them: no CN fallback at all. This policy runs before the identity check, so the fallback is never
/// reached; OpenSSL clients still match the CN, and the report says so beside it.
struct SubjectAlternativeNamePolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.subjectAlternativeName]

    func violation(in path: [Certificate]) -> StrictViolation? {
        let name = PathNaming.name(0, in: path).capitalizedFirst
        let names: SubjectAlternativeNames?
        do {
            names = try path[0].extensions.subjectAlternativeNames
        } catch {
            return StrictViolation(
                rule: .malformedExtension, position: 0,
                detail: "\(name) has a subjectAltName that does not decode (RFC 5280 §4.2.1.6); re-issue it.")
        }
        guard let names else {
            let cn = path[0].subject.commonNames.first.map { " (its CN is \"\($0)\")" } ?? ""
            return StrictViolation(
                rule: .missingSubjectAltName, position: 0,
                detail: "\(name) has no subjectAltName\(cn); Go, rustls, Java's HTTPS check and browsers do not read "
                    + "the CN (CA/Browser Forum BR §7.1.2.7.12, RFC 6125 §6.4.4): re-issue it with subjectAltName "
                    + "DNS:<broker name> or IP:<address>.")
        }
        let usable = names.contains { name in
            switch name {
            case .dnsName, .ipAddress: true
            default: false
            }
        }
        guard !usable else { return nil }
        return StrictViolation(
            rule: .missingSubjectAltName, position: 0,
            detail: "\(name) has a subjectAltName with no DNS name or IP address (\(names)), so no client can match "
                + "it to a server; re-issue it with subjectAltName DNS:<broker name> or IP:<address>.")
    }
}
