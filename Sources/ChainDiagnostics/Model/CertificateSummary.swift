import Crypto
import FoundationSubstitutes
import SwiftASN1
import X509
import _CryptoExtras

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The facts about one certificate a person needs to read a chain: names, validity, key, signature, SANs.
public struct CertificateSummary: Sendable, Equatable {
    public struct PublicKeyInfo: Sendable, Equatable {
        /// "RSA", "EC", "Ed25519".
        public var algorithm: String
        public var bits: Int?
        /// "P-256", "P-384", "P-521" for EC keys.
        public var curve: String?
    }

    /// Position in the presented chain; nil for a certificate that came from the trust store or the intermediates.
    public var presentedIndex: Int?
    /// The certificate came from `check --intermediates`, not from the broker or the trust store.
    public var fromIntermediates = false
    public var subject: String
    /// The subject's CN, or the whole subject when it has none.
    public var displayName: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    /// Whole days from the analysis clock to notAfter (negative once expired).
    public var daysRemaining: Int
    public var publicKey: PublicKeyInfo
    public var signatureAlgorithm: String
    public var dnsNames: [String]
    public var ipAddresses: [String]
    /// Lowercase hex SHA-256 of the DER encoding.
    public var sha256: String
    /// The serial number in lowercase hex (empty when it cannot be read).
    public var serialNumber = ""
    /// The issuer's commonName, or its whole name when it has none.
    public var issuerDisplayName = ""
    public var isCA: Bool
    public var selfSigned: Bool
    public var der: [UInt8]

    public var pem: String {
        // RFC 7468 §2: base64 in lines of 64. Foundation's encoder is linear; swift-asn1's PEMDocument re-counts
        // the remaining text on every line, which a 300 KB certificate turns into seconds.
        "-----BEGIN CERTIFICATE-----\n"
            + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE-----"
    }

    /// Whole days from `now` until `notAfter`, rounded down (negative once expired): the one count the report and
    /// the expiry warning share.
    static func daysRemaining(until notAfter: Date, at now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    init(_ certificate: ChainCertificate, presentedIndex: Int?, now: Date) {
        let x509 = certificate.certificate
        self.presentedIndex = presentedIndex
        self.subject = x509.subject.text
        self.displayName = x509.subject.displayName
        self.issuer = x509.issuer.text
        self.issuerDisplayName = x509.issuer.displayName
        self.serialNumber = Self.hex(x509.serialNumber.bytes)
        self.notBefore = x509.notValidBefore
        self.notAfter = x509.notValidAfter
        self.daysRemaining = Self.daysRemaining(until: x509.notValidAfter, at: now)
        self.publicKey = Self.describe(x509.publicKey)
        self.signatureAlgorithm = Self.name(of: x509.signatureAlgorithm)
        let names = certificate.subjectAlternativeNames
        self.dnsNames = names.dnsNames
        self.ipAddresses = names.ipAddresses.map(IPAddressText.format)
        self.sha256 = Self.hex(SHA256.hash(data: certificate.der))
        self.isCA = certificate.isCA
        self.selfSigned = certificate.isSelfSigned
        self.der = certificate.der
    }

    /// Lowercase hex, two digits a byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "sha256WithRSAEncryption", "ecdsaWithSHA256", or the OID of an algorithm swift-certificates does not name.
    static func name(of algorithm: Certificate.SignatureAlgorithm) -> String {
        algorithm.description.replacingAll(of: "SignatureAlgorithm.", with: "")
    }

    static func describe(_ key: Certificate.PublicKey) -> PublicKeyInfo {
        if let rsa = _RSA.Signing.PublicKey(key) {
            return PublicKeyInfo(algorithm: "RSA", bits: rsa.keySizeInBits, curve: nil)
        }
        if P256.Signing.PublicKey(key) != nil { return PublicKeyInfo(algorithm: "EC", bits: 256, curve: "P-256") }
        if P384.Signing.PublicKey(key) != nil { return PublicKeyInfo(algorithm: "EC", bits: 384, curve: "P-384") }
        if P521.Signing.PublicKey(key) != nil { return PublicKeyInfo(algorithm: "EC", bits: 521, curve: "P-521") }
        if Curve25519.Signing.PublicKey(key) != nil {
            return PublicKeyInfo(algorithm: "Ed25519", bits: 256, curve: nil)
        }
        return PublicKeyInfo(algorithm: "unknown", bits: nil, curve: nil)
    }
}
