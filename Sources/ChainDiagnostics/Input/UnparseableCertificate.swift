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
        /// An EC key on a curve swift-certificates does not support; `bits` when the curve is a known one.
        case weakECKey(curve: String, bits: Int?)
        /// A key algorithm swift-certificates does not support (DSA, ...), by OID.
        case unsupportedKey(algorithm: String)
        /// A certificate with a key swift-certificates accepts, refused for another reason (an encoding it does not
        /// take): the key is named, not blamed.
        case refusedOtherwise(algorithm: String, bits: Int?, curve: String?)
        /// Not a certificate at all, or damaged.
        case malformed
    }

    var subject: String?
    var reason: Reason

    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    /// The curves swift-certificates accepts (RFC 5480 §2.1.1.1): secp256r1, secp384r1, secp521r1.
    static let supportedCurves: [ASN1ObjectIdentifier: (name: String, bits: Int)] = [
        [1, 2, 840, 10045, 3, 1, 7]: ("P-256", 256), [1, 3, 132, 0, 34]: ("P-384", 384),
        [1, 3, 132, 0, 35]: ("P-521", 521),
    ]
    /// Curves swift-certificates does not accept, with their size (SEC 2, RFC 5480 §2.1.1.1).
    static let curves: [ASN1ObjectIdentifier: (name: String, bits: Int)] = [
        [1, 2, 840, 10045, 3, 1, 1]: ("P-192", 192),
        [1, 3, 132, 0, 33]: ("P-224", 224),
        [1, 3, 132, 0, 10]: ("secp256k1", 256),
        [1, 3, 36, 3, 3, 2, 8, 1, 1, 7]: ("brainpoolP256r1", 256),
    ]

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
        self.subject = (try? DistinguishedName(derEncoded: tbs[4 + offset])).map { $0.text }
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
            if let bits = key?.keySizeInBits, bits >= 2048 {
                // A key swift-crypto accepts: the certificate fails to parse for another reason.
                self.reason = .refusedOtherwise(algorithm: "RSA", bits: bits, curve: nil)
            } else {
                self.reason = .weakRSAKey(bits: key?.keySizeInBits)
            }
        } else if oid == Self.ecPublicKey {
            // RFC 5480 §2.1.1: the parameters name the curve.
            let parameters = Array(algorithmParts.dropFirst()).first.flatMap {
                try? ASN1ObjectIdentifier(derEncoded: $0)
            }
            if let parameters, let curve = Self.supportedCurves[parameters] {
                // P-256, P-384 or P-521: the key is not why the certificate fails to parse.
                self.reason = .refusedOtherwise(algorithm: "EC", bits: curve.bits, curve: curve.name)
                return
            }
            let known = parameters.flatMap { Self.curves[$0] }
            self.reason = .weakECKey(curve: known?.name ?? parameters?.description ?? "unknown", bits: known?.bits)
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

extension UnparseableCertificate {
    /// The key in words: "EC P-192", "RSA 1024 bits", "DSA (1.2.840.10040.4.1)".
    var keyText: String {
        switch reason {
        case .weakRSAKey(let bits): "RSA \(bits.map { "\($0) bits" } ?? "under 1024 bits")"
        case .weakECKey(let curve, _): "EC \(curve)"
        case .unsupportedKey(let algorithm): "a \(algorithm == "1.2.840.10040.4.1" ? "DSA" : algorithm) key"
        case .refusedOtherwise(let algorithm, let bits, let curve):
            "\(algorithm) \(curve ?? bits.map { "\($0) bits" } ?? "")"
        case .malformed: "an unreadable key"
        }
    }
}
