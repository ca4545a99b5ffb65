import Crypto
import Foundation
import X509
import _CryptoExtras

/// A key of the corpus. P-256 keys come from the seeded generator (a scalar is any 32 bytes below the group order),
/// so they cost nothing and repeat with the seed; RSA keys cannot be derived from a seed through swift-crypto and
/// RSA generation is slow, so the handful the corpus needs are the committed throwaway keys of TestChains (RSA-2048
/// from `ca/`, RSA-1024 from `weak-key/`), read once.
struct ChainCorpusKey: Sendable {
    enum Kind: String, Sendable {
        case p256, p384, rsa2048, rsa1024
    }

    /// Unique within a generation: equal identifiers are the same key.
    let identifier: String
    let kind: Kind
    let publicKey: Certificate.PublicKey
    /// nil for P-384, which only ever sits in a leaf (swift-crypto signs P-384 with a random nonce).
    let signingKey: Certificate.PrivateKey?
    /// The subjectKeyIdentifier, RFC 5280 §4.2.1.2 method (1): SHA-1 of the public key bits.
    let keyIdentifier: [UInt8]

    /// Below the 2048 bits that the CA/Browser Forum Baseline Requirements §6.1.5 ask of every RSA key.
    var isWeak: Bool { kind == .rsa1024 }

    static func p256(_ generator: inout SeededGenerator, identifier: String) throws -> ChainCorpusKey {
        while true {
            guard let key = try? P256.Signing.PrivateKey(rawRepresentation: generator.bytes(32)) else { continue }
            return ChainCorpusKey(
                identifier: identifier, kind: .p256, publicKey: Certificate.PublicKey(key.publicKey),
                signingKey: Certificate.PrivateKey(DeterministicP256SigningKey(key)),
                keyIdentifier: Array(Insecure.SHA1.hash(data: key.publicKey.x963Representation)))
        }
    }

    static func p384(_ generator: inout SeededGenerator, identifier: String) throws -> ChainCorpusKey {
        while true {
            guard let key = try? P384.Signing.PrivateKey(rawRepresentation: generator.bytes(48)) else { continue }
            return ChainCorpusKey(
                identifier: identifier, kind: .p384, publicKey: Certificate.PublicKey(key.publicKey), signingKey: nil,
                keyIdentifier: Array(Insecure.SHA1.hash(data: key.publicKey.x963Representation)))
        }
    }

    /// A committed RSA key of TestChains, e.g. `ca/root.key`.
    static func rsa(testChainsFile file: String, identifier: String) throws -> ChainCorpusKey {
        let pem = try String(contentsOf: TestPaths.testChains.appendingPathComponent(file), encoding: .utf8)
        let key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem)
        let kind: Kind = key.keySizeInBits >= 2048 ? .rsa2048 : .rsa1024
        return ChainCorpusKey(
            identifier: identifier, kind: kind, publicKey: Certificate.PublicKey(key.publicKey),
            signingKey: Certificate.PrivateKey(key),
            keyIdentifier: Array(Insecure.SHA1.hash(data: key.publicKey.derRepresentation)))
    }
}
