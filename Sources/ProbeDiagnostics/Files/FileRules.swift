public import Findings
public import TLSProbe

/// The broker's files themselves, which only `check` sees: a private key inside the certfile, and the keyfile as
/// OpenSSL loads it at start-up (PEM_read_bio_PrivateKey(3), X509_check_private_key(3)).
public enum FileRules {
    public static func privateKeys(in certfile: String, lines: [Int]) -> [Finding] {
        guard !lines.isEmpty else { return [] }
        return [
            Finding(
                id: .privateKeyInCertfile, severity: .warning,
                message:
                    "The certificate file also holds a private key (line \(lines.map(String.init).joined(separator: ", "))).",
                evidence:
                    "\(certfile): BEGIN ... PRIVATE KEY at line \(lines.map(String.init).joined(separator: ", "))",
                fix: "Move the key to its own file with mode 0600 and point keyfile at it; certificate files are "
                    + "usually world-readable and copied around.")
        ]
    }

    public static func key(_ outcome: PrivateKeyCheck.Outcome, keyfile: String, certfile: String) -> [Finding] {
        switch outcome {
        case .matches:
            return []
        case .mismatch(let description):
            return [
                Finding(
                    id: .keyMismatch, severity: .critical,
                    certificates: [CertificateReference(presentedIndex: 0, subject: "leaf")],
                    message: "The private key in \(keyfile) does not belong to the certificate in \(certfile).",
                    evidence: "X509_check_private_key failed; key: \(description)",
                    fix: "Point keyfile at the key the certificate was issued for (mosquitto refuses to start: "
                        + "\"key values mismatch\"), or re-issue the certificate for this key.")
            ]
        case .encrypted:
            return [
                Finding(
                    id: .keyUnreadable, severity: .error,
                    message: "The private key in \(keyfile) is encrypted with a passphrase.",
                    evidence: "PEM block ENCRYPTED PRIVATE KEY or Proc-Type: 4,ENCRYPTED",
                    fix: "A broker started as a service cannot type the passphrase: decrypt it "
                        + "(openssl pkey -in \(keyfile) -out broker.key) and protect it with file mode 0600 instead.")
            ]
        case .unreadable(let reason):
            return [
                Finding(
                    id: .keyUnreadable, severity: .critical,
                    message: "\(keyfile) is not a private key OpenSSL can load.",
                    evidence: reason,
                    fix: "Point keyfile at the PEM private key of the broker's certificate (BEGIN PRIVATE KEY).")
            ]
        }
    }
}
