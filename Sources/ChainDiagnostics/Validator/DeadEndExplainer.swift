import X509

/// Why no candidate path reached a trust anchor, and which certificates a path would have needed.
///
/// When every path the `Verifier` tried died before an anchor, `couldNotValidate` holds no failure (its diagnostics
/// say why, but only as text). This walks the same issuer links the `Verifier` follows (issuer name equal to the
/// subject, RFC 5280 §6.1.3 (a)(4); the signature verifying, (a)(1)) from the leaf over the presented certificates
/// and the anchors, and names each certificate where the walk ends: its issuer missing (`missing_issuer`), present
/// under that name but with another key (`signature_invalid`, or `weak_signature_algorithm` for an MD5 or ECDSA-SHA1
/// signature swift-certificates cannot verify), or self-signed and not trusted (`untrusted_root`). Bounded like the
/// search: at most `maximumSignatureChecks` signatures.
struct DeadEndExplainer {
    var inputs: StrictInputs
    var maximumSignatureChecks = 2_000

    struct DeadEnd {
        var certificate: Certificate
        var rule: StrictRule
        var detail: String
    }

    /// The dead ends, and the issuer names the certificates reachable from the leaf ask for (as printed), which
    /// tell whether an unusable certificate was needed.
    func explain(leaf: Certificate) -> (deadEnds: [DeadEnd], wantedIssuers: [String: Certificate]) {
        let candidates = Dictionary(grouping: inputs.all, by: \.subject)
        var visited: Set<CertificateKey> = [CertificateKey(leaf)]
        var queue = [leaf]
        var deadEnds: [DeadEnd] = []
        var wanted: [String: Certificate] = [:]
        var checks = 0
        while !queue.isEmpty {
            let certificate = queue.removeFirst()
            if inputs.isAnchor(certificate) { continue }
            let name = describe(certificate, leaf: leaf)
            wanted[certificate.issuer.text] =
                wanted[certificate.issuer.text] ?? certificate
            if certificate.issuer == certificate.subject,
                certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
            {
                deadEnds.append(
                    DeadEnd(
                        certificate: certificate, rule: .untrustedRoot,
                        detail: "\(name.capitalizedFirst) is self-signed and not in the trust store, so no path "
                            + "ends at a trusted anchor; add the CA that should be trusted to the client's CA file, "
                            + "or have the broker serve a chain that leads to it."))
                continue
            }
            let issuers = (candidates[certificate.issuer] ?? []).filter { $0 != certificate }
            var signed = false
            for issuer in issuers where checks < maximumSignatureChecks {
                checks += 1
                guard issuer.publicKey.isValidSignature(certificate.signature, for: certificate) else { continue }
                signed = true
                if visited.insert(CertificateKey(issuer)).inserted { queue.append(issuer) }
            }
            guard !signed else { continue }
            let issuerName = certificate.issuer.text
            if issuers.isEmpty {
                guard !inputs.unusable.contains(where: { $0.subject == issuerName }) else { continue }
                deadEnds.append(
                    DeadEnd(
                        certificate: certificate, rule: .missingIssuer,
                        detail: "\(name.capitalizedFirst) is issued by '\(issuerName)', which is neither in the "
                            + "presented chain nor in the trust store (RFC 5280 §6.1); have the broker send the "
                            + "intermediate after its certificate, or add the issuing CA to the client's CA file."))
            } else if let weak = SignatureAlgorithmPolicy.weakAlgorithm(of: certificate) {
                deadEnds.append(
                    DeadEnd(
                        certificate: certificate, rule: .weakSignatureAlgorithm,
                        detail: "\(name.capitalizedFirst) is signed with \(weak), which strict clients do not "
                            + "verify; have '\(issuerName)' re-issue it with SHA-256."))
            } else {
                deadEnds.append(
                    DeadEnd(
                        certificate: certificate, rule: .signatureInvalid,
                        detail: "\(name.capitalizedFirst) names '\(issuerName)' as its issuer, but none of the "
                            + "\(issuers.count) certificate(s) with that name verifies its signature (a re-keyed or "
                            + "re-issued CA?); serve and trust the CA certificate that signed it."))
            }
        }
        return (deadEnds, wanted)
    }

    private func describe(_ certificate: Certificate, leaf: Certificate) -> String {
        let role =
            certificate == leaf
            ? "the leaf"
            : inputs.presentedIndex(of: certificate).map { "presented certificate \($0)" } ?? "the certificate"
        return "\(role) '\(PathNaming.subject(certificate))'"
    }
}
