import Findings
import FoundationSubstitutes
import X509

/// Signature strength. OpenSSL 3 gives SHA-1 less than 80 bits of security, so from security level 1 (every
/// distribution's default is 2) a SHA-1 or MD5 signature on any certificate but a trust anchor fails with
/// 68 "CA signature digest algorithm too weak" ("ca md too weak" when the broker loads it). Self-signatures
/// of trust anchors are not checked by anybody and are left alone.
extension ChainCheckContext {
    func signatureFindings() -> [Finding] {
        path.compactMap { entry in
            guard !entry.isTrustAnchor else { return nil }
            let algorithm = CertificateSummary.name(of: entry.certificate.certificate.signatureAlgorithm)
            let lowered = algorithm.lowercased()
            guard lowered.includes("sha1") || lowered.includes("md5") || lowered.includes("md2") else { return nil }
            let issuer = entry.certificate.issuer.displayName
            return Finding(
                id: .weakSignature, severity: .critical, certificates: [reference(entry)],
                message: "\(label(entry).capitalizedFirst) is signed with \(algorithm); OpenSSL clients at the default "
                    + "security level reject it (\"ca md too weak\").",
                evidence: "signatureAlgorithm \(algorithm); OpenSSL: 68 CA signature digest algorithm too weak",
                fix: "Have '\(issuer)' re-issue \(role(entry)) with SHA-256 (openssl ca -md sha256 / x509 -sha256) "
                    + "and replace it in the broker's certfile.")
        }
    }
}
