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

    /// The client's hashed CA directory holds the CA a chain needs, but not where OpenSSL's lookup opens it
    /// (X509_LOOKUP_hash_dir(3): `<subject hash>.0`, `.1`, … and nothing else): a CA added, renamed or replaced
    /// without `openssl rehash`. The client rejects the chain as if the CA were not there.
    public static func caPathNotRehashed(
        directory: String, misfiled: [(subject: String, file: String, hashName: String, fileNamedLikeAHash: Bool)]
    ) -> [Finding] {
        guard let first = misfiled.first else { return [] }
        // openssl rehash leaves a regular file with a hash-like name where it is: it must be renamed first.
        let renameFirst = misfiled.filter(\.fileNamedLikeAHash).map(\.file)
        let rename =
            renameFirst.isEmpty
            ? ""
            : "Rename \(renameFirst.joined(separator: ", ")) to a name that is not a hash (say ca.pem): openssl rehash "
                + "skips files named like its links. Then "
        let shown = misfiled.prefix(3).map { "'\($0.subject)' in \($0.file) (its hash name: \($0.hashName))" }
        return [
            Finding(
                id: .caPathNotRehashed,
                certificates: [CertificateReference(presentedIndex: nil, subject: first.subject)],
                message: "The capath \(directory) holds the CA the chain needs, but not under its hash name, so "
                    + "OpenSSL clients never open it.",
                evidence: shown.joined(separator: "; ")
                    + (misfiled.count > 3 ? "; and \(misfiled.count - 3) more" : "")
                    + "; an OpenSSL client looks a CA up only as <subject hash>.0, .1, ... (openssl x509 -subject_hash)",
                fix: rename + (rename.isEmpty ? "Run" : "run")
                    + " 'openssl rehash \(directory)' (c_rehash on older systems) on the client, and again whenever "
                    + "a CA there is added, renamed or replaced; mosquitto's capath, mosquitto_sub --capath and "
                    + "paho read the directory the same way.")
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
