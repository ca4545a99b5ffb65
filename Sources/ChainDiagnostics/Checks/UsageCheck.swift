import Findings
import X509

/// What the leaf's key may be used for. OpenSSL's purpose check for a TLS server (x509v3_config(5),
/// check_purpose_ssl_server) rejects a leaf whose extendedKeyUsage lacks serverAuth (and anyExtendedKeyUsage)
/// or whose keyUsage allows none of digitalSignature, keyEncipherment and keyAgreement:
/// X509_V_ERR_INVALID_PURPOSE (26, "unsupported certificate purpose").
extension ChainCheckContext {
    func usageFindings() -> [Finding] {
        var findings: [Finding] = []
        let certificate = leaf.certificate
        if let usages = (try? certificate.extensions.extendedKeyUsage) ?? nil,
            !usages.contains(.serverAuth), !usages.contains(.any)
        {
            let listed = usages.map { String(describing: $0) }.joined(separator: ", ")
            findings.append(
                Finding(
                    id: .leafNotForServerAuth, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate is not for TLS servers: its extendedKeyUsage lacks serverAuth.",
                    evidence: "extendedKeyUsage = \(listed); OpenSSL: 26 unsupported certificate purpose",
                    fix: "Re-issue the certificate with extendedKeyUsage = serverAuth (a client certificate cannot be "
                        + "used as the broker's certfile)."))
        }
        if let keyUsage = (try? certificate.extensions.keyUsage) ?? nil {
            if !keyUsage.digitalSignature && !keyUsage.keyEncipherment && !keyUsage.keyAgreement {
                findings.append(
                    Finding(
                        id: .leafNotForServerAuth, severity: .critical, certificates: [reference(leaf, 0)],
                        message: "The broker's certificate's keyUsage allows no TLS key exchange.",
                        evidence:
                            "keyUsage = \(keyUsage); needs digitalSignature (and keyEncipherment for RSA key transport)",
                        fix: "Re-issue the certificate with keyUsage = digitalSignature, keyEncipherment."))
            } else if !keyUsage.digitalSignature {
                findings.append(
                    Finding(
                        id: .leafNotForServerAuth, severity: .warning, certificates: [reference(leaf, 0)],
                        message: "The broker's certificate's keyUsage lacks digitalSignature, which TLS 1.3 and every "
                            + "ECDHE key exchange need.",
                        evidence: "keyUsage = \(keyUsage)",
                        fix:
                            "Re-issue the certificate with keyUsage = digitalSignature, keyEncipherment; strict clients "
                            + "(and TLS 1.3 with this key) refuse it as it is."))
            }
        }
        return findings
    }
}
