import SwiftASN1
import X509

/// No MD5 or SHA-1 signature below the trust anchor. Collisions are practical for both (SHAttered, 2017), and
/// every client refuses them on certificates a CA signs: Go since 1.18, rustls/webpki (no such algorithm), browsers
/// since 2017, Java (jdk.certpath.disabledAlgorithms), OpenSSL 3 from security level 1 (68 "CA signature digest
/// algorithm too weak"). The anchor's self-signature is never verified by anybody (RFC 5280 §6.1.1 (d)), so it
/// does not count.
///
/// swift-certificates verifies sha1WithRSAEncryption, so a SHA-1 path reaches the policies and is rejected here;
/// MD5 and ecdsa-with-SHA1 it does not verify at all, and the validator reports those where no path was built.
struct SignatureAlgorithmPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    /// Digest algorithms no strict client accepts on a certificate signature, by signature algorithm OID (six
    /// pairs, searched in order).
    static let weak: [(oid: ASN1ObjectIdentifier, name: String)] = [
        ([1, 2, 840, 113549, 1, 1, 2], "md2WithRSAEncryption"),
        ([1, 2, 840, 113549, 1, 1, 4], "md5WithRSAEncryption"),
        ([1, 2, 840, 113549, 1, 1, 5], "sha1WithRSAEncryption"),
        ([1, 3, 14, 3, 2, 29], "sha1WithRSAEncryption"),
        ([1, 2, 840, 10045, 4, 1], "ecdsa-with-SHA1"),
        ([1, 2, 840, 10040, 4, 3], "dsa-with-sha1"),
    ]

    /// The weak algorithm's name, or nil when the certificate's signature algorithm is not a weak one.
    static func weakAlgorithm(of certificate: Certificate) -> String? {
        if certificate.signatureAlgorithm == .sha1WithRSAEncryption { return "sha1WithRSAEncryption" }
        return signatureAlgorithmOID(of: certificate).flatMap { oid in weak.first { $0.oid == oid }?.name }
    }

    /// The outer signatureAlgorithm's OID (RFC 5280 §4.1.1.2), read from the DER: swift-certificates names only the
    /// algorithms it supports.
    static func signatureAlgorithmOID(of certificate: Certificate) -> ASN1ObjectIdentifier? {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(certificate)) != nil,
            let root = try? DER.parse(serializer.serializedBytes),
            case .constructed(let fields) = root.content
        else { return nil }
        guard let algorithm = fields.dropFirst().first(where: { _ in true }),
            case .constructed(let parts) = algorithm.content,
            let oidNode = parts.first(where: { _ in true })
        else { return nil }
        return try? ASN1ObjectIdentifier(derEncoded: oidNode)
    }

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path) {
            guard let algorithm = Self.weakAlgorithm(of: path[position]) else { continue }
            return StrictViolation(
                rule: .weakSignatureAlgorithm, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) is signed with \(algorithm), which "
                    + "Go, rustls, browsers and OpenSSL 3 refuse below the trust anchor; have '"
                    + "\(path[position].issuer.text)' re-issue it with SHA-256.")
        }
        return nil
    }
}
