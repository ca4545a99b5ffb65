import SwiftASN1
import X509

/// extendedKeyUsage for TLS server authentication, RFC 5280 §4.2.1.12: absent allows any purpose (as Go, OpenSSL and
/// rustls read it); present, it must list serverAuth (1.3.6.1.5.5.7.3.1) or anyExtendedKeyUsage.
///
/// Checked on the leaf (every client: OpenSSL 26 "unsupported certificate purpose", Go `IncompatibleUsage`,
/// rustls `RequiredEkuNotFound`) and on the intermediates, whose EKU Go, OpenSSL and Chrome treat as a limit on the
/// certificates below them. The anchor's is configuration (Go alone checks it).
struct ExtendedKeyUsagePolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.leafAndIntermediates(path) {
            let usages: ExtendedKeyUsage?
            do {
                usages = try path[position].extensions.extendedKeyUsage
            } catch {
                return StrictViolation(
                    rule: .malformedExtension, position: position,
                    detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has an extendedKeyUsage extension "
                        + "that does not decode (RFC 5280 §4.2.1.12); re-issue it.")
            }
            guard let usages, !usages.contains(.serverAuth), !usages.contains(.any) else { continue }
            let listed = usages.map(String.init(describing:)).joined(separator: ", ")
            return StrictViolation(
                rule: .extendedKeyUsage, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has extendedKeyUsage \(listed) "
                    + "without serverAuth, so no client accepts it for a TLS server (RFC 5280 §4.2.1.12); re-issue it "
                    + "with extendedKeyUsage serverAuth.")
        }
        return nil
    }
}
