import SwiftASN1
import X509

/// keyUsage, RFC 5280 §4.2.1.3, where the extension is present (absent allows every use):
///
/// - An intermediate must have keyCertSign to sign certificates (§4.2.1.3: "the keyCertSign bit MUST be asserted").
///   OpenSSL (X509_V_ERR_KEYUSAGE_NO_CERTSIGN, 32), rustls/webpki and browsers enforce it; Go does not.
/// - The leaf must allow a TLS server key: digitalSignature (ECDHE and TLS 1.3 signatures), keyEncipherment (RSA key
///   transport) or keyAgreement (static ECDH), the set OpenSSL's `sslserver` purpose accepts (RFC 5246 §7.4.2,
///   RFC 8446 §4.4.2.2). Go ignores the leaf's keyUsage; OpenSSL rejects with 26 (unsupported purpose).
///
/// The trust anchor's keyUsage is configuration and left alone, as rustls does.
struct KeyUsagePolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.keyUsage]
    /// The leaf's keyUsage is read too (false for a client that ignores it, as Go does).
    var checksLeaf = true

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.leafAndIntermediates(path) {
            let usage: KeyUsage?
            do {
                usage = try path[position].extensions.keyUsage
            } catch {
                return StrictViolation(
                    rule: .malformedExtension, position: position,
                    detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has a keyUsage extension that "
                        + "does not decode (RFC 5280 §4.2.1.3); re-issue it.")
            }
            guard let usage else { continue }
            if position == 0 && !checksLeaf { continue }
            if position == 0 {
                guard !(usage.digitalSignature || usage.keyEncipherment || usage.keyAgreement) else { continue }
                return StrictViolation(
                    rule: .keyUsage, position: 0,
                    detail: "\(PathNaming.name(0, in: path).capitalizedFirst) has keyUsage \(usage) without "
                        + "digitalSignature or keyEncipherment, so its key may not be used for TLS (RFC 5280 "
                        + "§4.2.1.3); re-issue it with keyUsage digitalSignature, keyEncipherment.")
            }
            guard !usage.keyCertSign else { continue }
            return StrictViolation(
                rule: .keyUsage, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has keyUsage \(usage) without "
                    + "keyCertSign, so it may not sign certificates (RFC 5280 §4.2.1.3); re-issue the CA with keyUsage "
                    + "keyCertSign, cRLSign.")
        }
        return nil
    }
}
