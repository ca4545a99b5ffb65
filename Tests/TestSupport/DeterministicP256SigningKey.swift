import Crypto
import Foundation
import SwiftASN1
import X509

/// A P-256 signing key whose ECDSA signatures are a function of the key and the message alone, so that a corpus
/// generated twice is the same bytes. The nonce is HMAC-SHA-256 keyed with the private scalar over the digest (and a
/// counter for the vanishingly rare k ≥ n), in the spirit of RFC 6979 §3.2; the signature is then the textbook one of
/// FIPS 186-5 §6.4.1: r = x(kG) mod n, s = k⁻¹(z + r·d) mod n. kG comes from swift-crypto (the public key of the
/// private key k), so no point arithmetic is written here. Test keys only.
struct DeterministicP256SigningKey: CustomPrivateKey {
    let key: P256.Signing.PrivateKey
    private let raw: Data

    init(_ key: P256.Signing.PrivateKey) {
        self.key = key
        self.raw = key.rawRepresentation
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.raw == rhs.raw }
    func hash(into hasher: inout Hasher) { hasher.combine(raw) }

    var publicKey: Certificate.PublicKey { Certificate.PublicKey(key.publicKey) }
    var defaultSignatureAlgorithm: Certificate.SignatureAlgorithm { .ecdsaWithSHA256 }
    var supportedSignatureAlgorithms: [Certificate.SignatureAlgorithm] { [.ecdsaWithSHA256, .ecdsaWithSHA384] }

    static var defaultPEMDiscriminator: String { "PRIVATE KEY" }

    func serialize(into coder: inout DER.Serializer) throws {
        coder.serializeRawBytes(key.derRepresentation)
    }

    func signSynchronously(
        bytes: some DataProtocol, signatureAlgorithm: Certificate.SignatureAlgorithm
    ) throws -> Certificate.Signature {
        let digest: [UInt8]
        switch signatureAlgorithm {
        case .ecdsaWithSHA256: digest = Array(SHA256.hash(data: bytes))
        case .ecdsaWithSHA384: digest = Array(SHA384.hash(data: bytes))
        default: throw TestSupportError("a P-256 corpus key cannot sign with \(signatureAlgorithm)")
        }
        let raw = try Self.signature(digest: digest, privateKey: key)
        let der = try P256.Signing.ECDSASignature(rawRepresentation: raw).derRepresentation
        return try Certificate.Signature(
            signatureAlgorithm: signatureAlgorithm, signatureBytes: ASN1BitString(bytes: Array(der)[...]))
    }

    /// r ‖ s, 32 bytes each, for a digest (truncated to its leftmost 256 bits).
    static func signature(digest: [UInt8], privateKey: P256.Signing.PrivateKey) throws -> [UInt8] {
        let d = ChainCorpusScalar(bigEndian: privateKey.rawRepresentation)
        let z = ChainCorpusScalar(bigEndian: digest)
        let hmacKey = SymmetricKey(data: privateKey.rawRepresentation)
        for counter in UInt8(0)...UInt8.max {
            let nonceBytes = Array(HMAC<SHA256>.authenticationCode(for: digest + [counter], using: hmacKey))
            let k = ChainCorpusScalar(bigEndian: nonceBytes)
            guard !k.isZero, nonceBytes == k.bigEndianBytes else { continue }
            let point = try P256.Signing.PrivateKey(rawRepresentation: nonceBytes).publicKey.x963Representation
            let r = ChainCorpusScalar(bigEndian: Array(point.dropFirst().prefix(32)))
            guard !r.isZero else { continue }
            let s = k.inverse().multiplied(by: z.adding(r.multiplied(by: d)))
            guard !s.isZero else { continue }
            return r.bigEndianBytes + s.bigEndianBytes
        }
        throw TestSupportError("no usable ECDSA nonce")
    }
}
