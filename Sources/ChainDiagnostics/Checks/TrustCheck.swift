import Findings
import X509

/// Whether the path reaches a root the client trusts, and if not, why: an intermediate the broker should send
/// is missing, the root is one the client does not trust, the leaf is self-signed, or a presented CA has the
/// right name but the wrong key.
extension ChainCheckContext {
    func trustFindings() -> [Finding] {
        switch end {
        case .trustAnchor: trustedPathFindings()
        case .untrustedSelfSigned: untrustedRootFindings()
        case .issuerNotFound(let issuer, let sameName): missingIssuerFindings(issuer, sameName: sameName)
        }
    }

    /// The path reaches an anchor: still worth saying when the leaf is pinned, or when the path needed the
    /// intermediates pool (the broker does not send them).
    func trustedPathFindings() -> [Finding] {
        var findings: [Finding] = []
        if path.count == 1 {
            findings.append(
                Finding(
                    id: .selfSignedLeaf, severity: .info, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate is self-signed and the client trusts it directly (pinned).",
                    evidence:
                        "subject = issuer = \(leaf.subject.text); the same certificate is in the client's trust store",
                    fix:
                        "None needed while every client carries this certificate; re-issuing it means updating every client."
                ))
        }
        let pooled = path.filter(\.fromPool)
        if !pooled.isEmpty {
            let names = pooled.map { "'\($0.certificate.displayName)'" }.joined(separator: ", ")
            findings.append(
                Finding(
                    id: .missingIntermediate, severity: .critical, certificates: pooled.map { reference($0) },
                    message: "The broker does not send the intermediate\(pooled.count == 1 ? "" : "s") \(names) that "
                        + "link\(pooled.count == 1 ? "s" : "") its certificate to the trusted root.",
                    evidence: "a trusted path exists only through the intermediates pool: "
                        + path.map { $0.certificate.displayName }.joined(separator: " → "),
                    fix: "Serve the full chain: certfile = the leaf, then \(names) in issuing order "
                        + "(chaindoctor check ... --repair broker-chain.crt writes it)."))
        }
        return findings
    }

    /// The path ends in a self-signed certificate the client does not trust: the leaf itself, or a root.
    func untrustedRootFindings() -> [Finding] {
        let top = path[path.count - 1]
        if path.count == 1 {
            return [
                Finding(
                    id: .selfSignedLeaf, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker presents a self-signed certificate that the client does not trust.",
                    evidence:
                        "subject = issuer = \(leaf.subject.text); not in the client's trust store (\(anchorSummary))",
                    fix: "Issue the broker a certificate from your CA and serve it with its intermediates in certfile; "
                        + "or, to pin this one, give clients this exact certificate as their cafile "
                        + "(mosquitto_sub --cafile broker.crt).")
            ]
        }
        return [
            Finding(
                id: .untrustedRoot, severity: .critical, certificates: [reference(top)],
                message: "The chain ends in root '\(top.certificate.displayName)', which the client does not trust.",
                evidence: "the broker sent the root as \(label(top)); client trust store: \(anchorSummary)",
                fix: "Give the client the CA file that holds '\(top.certificate.displayName)' "
                    + "(mosquitto_sub --cafile / paho tls_set(ca_certs=...)); if the broker should be under another "
                    + "CA, re-issue its certificate from that CA.")
        ]
    }

    /// The path stops at a certificate whose issuer is nowhere: a CA of that name with another key (re-keyed), a
    /// missing intermediate, or a root the client lacks (told apart by its name).
    func missingIssuerFindings(_ issuer: DistinguishedName, sameName: [ChainCertificate]) -> [Finding] {
        let top = path[path.count - 1]
        if let anchor = unreadableAnchors.first(where: { $0.subject == issuer.text }) {
            return [unreadableAnchorFinding(anchor, issuer: issuer, below: top)]
        }
        // The issuer was sent, but with a key the analyzer cannot use: its own finding says so; calling it
        // missing would send the operator looking for a certificate they already serve.
        if unreadablePresented.contains(where: { $0.certificate.subject == issuer.text }) {
            return []
        }
        if !sameName.isEmpty {
            let impostor = sameName[0]
            if let presentedIndex = presented.first(where: { $0.certificate == impostor })?.index {
                return [signatureInvalid(below: top, impostor: impostor, presentedIndex: presentedIndex)]
            }
            return [
                Finding(
                    id: .untrustedRoot, severity: .critical, certificates: [reference(top)],
                    message: "The client's trust store holds a CA named '\(impostor.displayName)', but that CA did not "
                        + "sign '\(top.certificate.displayName)'.",
                    evidence: "issuer \(issuer) matches by name; its public key does not verify the signature "
                        + "(\(keyIdentifiers(child: top.certificate, issuer: impostor)); a CA re-created with a new key)",
                    fix: "Replace the client's CA file with the current certificate of '\(impostor.displayName)'.")
            ]
        }
        if path.count == 1 {
            let issuerName = issuer.displayName
            return [
                Finding(
                    id: .missingIntermediate, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker sent only its own certificate; its issuer '\(issuerName)' is neither sent by "
                        + "the broker nor trusted by the client.",
                    evidence:
                        "presented \(presented.count) certificate\(presented.count == 1 ? "" : "s"); leaf issuer: \(issuer); "
                        + "client trust store: \(anchorSummary)",
                    fix: "The broker's certfile holds only the leaf: append the intermediate '\(issuerName)'"
                        + Self.download(leaf) + ": "
                        + "cat broker.crt intermediate.crt > broker-chain.crt and point the broker's certfile at it. "
                        + "If '\(issuerName)' is itself your root CA, "
                        + "the client's cafile is the wrong one: give it that CA.")
            ]
        }
        let issuerName = issuer.displayName
        if !Self.looksLikeRoot(issuerName) {
            return [
                Finding(
                    id: .missingIntermediate, severity: .critical, certificates: [reference(top)],
                    message:
                        "The chain stops at \(label(top)): its issuer '\(issuerName)', an intermediate by its name, "
                        + "is neither sent by the broker nor trusted by the client.",
                    evidence: "path built: \(path.map { $0.certificate.displayName }.joined(separator: " → ")); "
                        + "missing issuer \(issuer); client trust store: \(anchorSummary)",
                    fix: "Append the intermediate '\(issuerName)'" + Self.download(top.certificate)
                        + " after '\(top.certificate.displayName)' in the broker's "
                        + "certfile (leaf first, then each intermediate followed by its issuer). If '\(issuerName)' is "
                        + "in fact a root CA, give clients that CA as their cafile instead.")
            ]
        }
        return [
            Finding(
                id: .untrustedRoot, severity: .critical, certificates: [reference(top)],
                message: "The chain leads to '\(issuerName)', which the client does not trust.",
                evidence: "\(label(top)) is issued by \(issuer), which is neither presented nor in the client's "
                    + "trust store (\(anchorSummary))",
                fix: "Give the client the CA certificate of '\(issuerName)' as its cafile "
                    + "(mosquitto_sub --cafile root.crt); the client's current CA file holds another CA.")
        ]
    }

    /// A presented CA whose name is right and whose key is wrong (RFC 5280 §4.2.1.1: the authority key
    /// identifier names the key that signed; a re-keyed intermediate keeps the name and changes the key).
    private func signatureInvalid(below child: PathEntry, impostor: ChainCertificate, presentedIndex: Int) -> Finding {
        Finding(
            id: .signatureInvalid, severity: .critical,
            certificates: [reference(child), reference(impostor, presentedIndex)],
            message: "Certificate \(presentedIndex) ('\(impostor.displayName)') has the name of the issuer of "
                + "\(label(child)) but its key did not sign it.",
            evidence: keyIdentifiers(child: child.certificate, issuer: impostor)
                + "; the signature does not verify with the presented CA's public key",
            fix: "The CA was re-keyed or re-created under the same name: put the intermediate that really issued "
                + "'\(child.certificate.displayName)' (its subjectKeyIdentifier must equal the leaf's authorityKeyIdentifier) "
                + "in the broker's certfile, or re-issue the broker's certificate from the current intermediate.")
    }

    func keyIdentifiers(child: ChainCertificate, issuer: ChainCertificate) -> String {
        let authority = child.authorityKeyIdentifier.map(Self.hex) ?? "none"
        let subject = issuer.subjectKeyIdentifier.map(Self.hex) ?? "none"
        return "authorityKeyIdentifier of '\(child.displayName)' \(authority) ≠ subjectKeyIdentifier of "
            + "'\(issuer.displayName)' \(subject)"
    }

    var anchorSummary: String {
        let unreadable =
            unreadableAnchors.isEmpty
            ? ""
            : "\(anchors.isEmpty ? "" : ", and ")\(unreadableAnchors.count) with a key the analyzer cannot use ("
                + unreadableAnchors.prefix(3).map { "'\($0.subject.map(Self.commonName) ?? "?")' \($0.keyText)" }
                .joined(separator: ", ") + ")"
        if let trustStoreSize {
            let found =
                anchors.isEmpty && unreadable.isEmpty
                ? "none under the names this chain leads a client to look up"
                : anchors.count > 3
                    ? "\(anchors.count) under the names this chain leads a client to look up"
                    : "under the names this chain leads a client to look up: "
                        + anchors.map { "'\($0.displayName)'" }.joined(separator: ", ")
            return "\(trustStoreSize) certificate\(trustStoreSize == 1 ? "" : "s") under hashed names, \(found)"
                + unreadable
        }
        if anchors.isEmpty { return unreadable.isEmpty ? "empty" : unreadable }
        if anchors.count > 3 { return "\(anchors.count) certificates" + unreadable }
        return anchors.map { "'\($0.displayName)'" }.joined(separator: ", ") + unreadable
    }

    /// The issuer is in the trust store, but with a key the analyzer cannot use: say so, naming the key, instead
    /// of calling the issuer missing. OpenSSL's verdict, beside it, shows what OpenSSL clients make of it.
    func unreadableAnchorFinding(
        _ anchor: UnparseableCertificate, issuer: DistinguishedName, below top: PathEntry
    )
        -> Finding
    {
        let name = issuer.displayName
        let reference = CertificateReference(presentedIndex: nil, subject: anchor.subject ?? issuer.text)
        if case .refusedOtherwise = anchor.reason {
            return Finding(
                id: .unparseableCertificate, severity: .critical, certificates: [reference],
                message: "The client's trust store holds '\(name)', which issued \(label(top)), in an encoding "
                    + "chaindoctor's X.509 parser refuses.",
                evidence: "trust anchor '\(name)' (\(anchor.keyText)); OpenSSL's verdict below reads it",
                fix: "Compare with OpenSSL's verdict: strict clients (Go, Java) may refuse this root as chaindoctor "
                    + "does; a current root certificate for the same CA fixes it for all.")
        }
        return Finding(
            id: .weakKey, severity: .critical, certificates: [reference],
            message:
                "The client's trust store holds '\(name)', which issued \(label(top)), but its key (\(anchor.keyText)) "
                + "is one clients at the default security level refuse.",
            evidence: "trust anchor '\(name)' with \(anchor.keyText); minimum RSA \(policy.minimumRSABits) bits or "
                + "EC P-256 (OpenSSL security level 2); OpenSSL's verdict below says what OpenSSL clients do",
            fix:
                "Move the CA to a root with an RSA \(policy.minimumRSABits)-bit or EC P-256 key, re-issue the chain under "
                + "it, and give clients that root as their cafile.")
    }

    /// The CN of an RFC 4514 name string, else the whole string.
    static func commonName(_ subject: String) -> String {
        subject.split(separator: ",").first { $0.hasPrefix("CN=") }.map { String($0.dropFirst(3)) } ?? subject
    }

    /// Whether a missing issuer is probably a root the client lacks rather than an intermediate the broker
    /// omits. The certificate itself is not at hand, so only its name can tell; CAs name roots "Root" almost
    /// always, and both findings' fixes mention the other possibility.
    static func looksLikeRoot(_ name: String) -> Bool {
        name.containsIgnoringCase("root")
    }

    /// ", published at http://…" when the certificate says where its issuer can be downloaded (AIA caIssuers).
    static func download(_ certificate: ChainCertificate) -> String {
        guard let url = certificate.issuerCertificateURLs.first else { return "" }
        return
            " (its CA publishes it at \(url); that file is often DER: openssl x509 -inform der -in FILE -out intermediate.crt)"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }
}
