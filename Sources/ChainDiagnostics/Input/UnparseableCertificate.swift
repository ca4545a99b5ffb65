import SwiftASN1
import X509
import _CryptoExtras

/// Why swift-certificates refused a certificate, when the reason is one a person can fix.
///
/// swift-certificates (through swift-crypto) refuses RSA keys under 2048 bits and key types it does not
/// support, so a broker serving a 1024-bit certificate would otherwise be reported as "does not parse".
/// This reads just enough of the certificate with swift-asn1's DER parser (RFC 5280 §4.1: the subject and
/// the SubjectPublicKeyInfo of the TBSCertificate) to name the certificate and its key instead.
struct UnparseableCertificate {
    enum Reason: Equatable {
        /// An RSA key below what swift-crypto accepts; `bits` is nil when it is even below 1024.
        case weakRSAKey(bits: Int?)
        /// A key algorithm swift-certificates does not support (DSA, P-224, secp256k1, ...), by OID.
        case unsupportedKey(algorithm: String)
        /// Not a certificate at all, or damaged.
        case malformed
    }

    var subject: String?
    var reason: Reason

    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]

    init(der: [UInt8]) {
        guard let tbs = try? Self.tbsFields(der), tbs.count >= 6 else {
            self.subject = nil
            self.reason = .malformed
            return
        }
        // With an explicit [0] version the subject is field 5 and the key field 6; without it, 4 and 5.
        let offset = tbs[0].identifier.tagClass == .contextSpecific ? 1 : 0
        guard tbs.count > 5 + offset else {
            self.subject = nil
            self.reason = .malformed
            return
        }
        self.subject = (try? DistinguishedName(derEncoded: tbs[4 + offset])).map(String.init(describing:))
        let spki = tbs[5 + offset]
        guard case .constructed(let parts) = spki.content, let algorithmNode = parts.first(where: { _ in true }),
              case .constructed(let algorithmParts) = algorithmNode.content,
              let oidNode = algorithmParts.first(where: { _ in true }),
              let oid = try? ASN1ObjectIdentifier(derEncoded: oidNode)
        else {
            self.reason = .malformed
            return
        }
        if oid == Self.rsaEncryption {
            let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: Array(spki.encodedBytes))
            self.reason = .weakRSAKey(bits: key?.keySizeInBits)
        } else {
            self.reason = .unsupportedKey(algorithm: oid.description)
        }
    }

    /// The fields of the TBSCertificate, in order.
    private static func tbsFields(_ der: [UInt8]) throws -> [ASN1Node] {
        let root = try DER.parse(der)
        guard case .constructed(let certificate) = root.content,
              let tbs = certificate.first(where: { _ in true }),
              case .constructed(let fields) = tbs.content
        else { return [] }
        return Array(fields)
    }
}
