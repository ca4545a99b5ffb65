import Crypto
import SwiftASN1
import X509
import _CryptoExtras

/// Key sizes per `ChainPolicy`: RSA moduli of at least `minimumRSABits` and EC keys of at least `minimumECBits`, on
/// every certificate of the path, the anchor included, as OpenSSL's security level checks them (66 "EE certificate
/// key too weak", 67 "CA certificate key too weak"; SSL_CTX_set_security_level(3)). Browsers and rustls refuse RSA
/// under 2048 bits too (CA/Browser Forum BR §6.1.5); Go refuses under 1024.
///
/// swift-crypto already refuses RSA under 2048 bits and curves other than P-256/384/521, so such certificates never
/// reach this policy: the validator names them from their DER (`UnparseableCertificate`). This policy matters when a
/// user raises the minimums (say RSA 3072).
struct KeySizePolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []
    var policy: ChainPolicy

    func violation(in path: [Certificate]) -> StrictViolation? {
        for (position, certificate) in path.enumerated() {
            let key = CertificateSummary.describe(certificate.publicKey)
            guard let bits = key.bits else { continue }
            let minimum = key.algorithm == "RSA" ? policy.minimumRSABits : policy.minimumECBits
            guard bits < minimum else { continue }
            let name = key.curve.map { "\(key.algorithm) \($0)" } ?? "\(key.algorithm) \(bits)-bit"
            return StrictViolation(
                rule: .weakKey, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) has a \(name) key, below the "
                    + "\(minimum) bits required; re-issue it with a stronger key (RSA 2048+ or P-256+).")
        }
        return nil
    }
}
