import X509

/// Whether the path reaches a root the client trusts, and if not, why: an intermediate the broker should send
/// is missing, the root is one the client does not trust, or the leaf is self-signed.
extension ChainCheckContext {
    func trustFindings() -> [Finding] {
        let top = path[path.count - 1]
        switch end {
        case .trustAnchor:
            if path.count == 1 {
                return [
                    Finding(
                        id: .selfSignedLeaf, severity: .info, certificates: [reference(leaf, 0)],
                        message: "The broker's certificate is self-signed and the client trusts it directly (pinned).",
                        evidence: "subject = issuer = \(leaf.subject); the same certificate is in the client's trust store",
                        fix: "None needed while every client carries this certificate; re-issuing it means updating every client.")
                ]
            }
            return []

        case .untrustedSelfSigned where path.count == 1:
            return [
                Finding(
                    id: .selfSignedLeaf, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker presents a self-signed certificate that the client does not trust.",
                    evidence: "subject = issuer = \(leaf.subject); not in the client's trust store (\(anchorSummary))",
                    fix: "Issue the broker a certificate from your CA and serve it with its intermediates in certfile; "
                        + "or, to pin this one, give clients this exact certificate as their cafile "
                        + "(mosquitto_sub --cafile broker.crt).")
            ]

        case .untrustedSelfSigned:
            return [
                Finding(
                    id: .untrustedRoot, severity: .critical,
                    certificates: [reference(top.certificate, top.presentedIndex)],
                    message: "The chain ends in root '\(top.certificate.displayName)', which the client does not trust.",
                    evidence: "the broker sent the root as \(label(top.certificate, top.presentedIndex)); "
                        + "client trust store: \(anchorSummary)",
                    fix: "Give the client the CA file that holds '\(top.certificate.displayName)' "
                        + "(mosquitto_sub --cafile / paho tls_set(ca_certs=...)); if the broker should be under another "
                        + "CA, re-issue its certificate from that CA.")
            ]

        case .issuerNotFound(let issuer, let sameName) where !sameName.isEmpty:
            let impostor = sameName[0]
            let inStore = anchors.contains(impostor)
            return [
                Finding(
                    id: .untrustedRoot, severity: .critical,
                    certificates: [reference(top.certificate, top.presentedIndex)],
                    message: "\(inStore ? "The client's trust store" : "The broker's chain") holds a CA named "
                        + "'\(impostor.displayName)', but that CA did not sign '\(top.certificate.displayName)'.",
                    evidence: "issuer \(issuer) matches by name; its public key does not verify the signature "
                        + "(a regenerated or re-keyed CA with the same name)",
                    fix: inStore
                        ? "Replace the client's CA file with the current certificate of '\(impostor.displayName)' (the CA was re-created with a new key)."
                        : "Replace the intermediate in the broker's certfile with the one that issued its certificate.")
            ]

        case .issuerNotFound(let issuer, _) where path.count == 1:
            let issuerName = Self.commonName(of: issuer)
            return [
                Finding(
                    id: .missingIntermediate, severity: .critical,
                    certificates: [reference(leaf, 0)],
                    message: "The broker sent only its own certificate; its issuer '\(issuerName)' is neither sent by "
                        + "the broker nor trusted by the client.",
                    evidence: "presented \(presented.count) certificate\(presented.count == 1 ? "" : "s"); leaf issuer: \(issuer); "
                        + "client trust store: \(anchorSummary)",
                    fix: "The broker's certfile holds only the leaf: append the intermediate '\(issuerName)': "
                        + "cat broker.crt intermediate.crt > broker-chain.crt and point certfile (mosquitto), "
                        + "or the certificate chain setting of your broker, at it. If '\(issuerName)' is itself your root CA, "
                        + "the client's cafile is the wrong one: give it that CA.")
            ]

        case .issuerNotFound(let issuer, _):
            let issuerName = Self.commonName(of: issuer)
            return [
                Finding(
                    id: .untrustedRoot, severity: .critical,
                    certificates: [reference(top.certificate, top.presentedIndex)],
                    message: "The chain leads to '\(issuerName)', which the client does not trust.",
                    evidence: "\(label(top.certificate, top.presentedIndex)) is issued by \(issuer), which is neither "
                        + "presented nor in the client's trust store (\(anchorSummary))",
                    fix: "Give the client the CA certificate of '\(issuerName)' as its cafile "
                        + "(mosquitto_sub --cafile root.crt); the client's current CA file holds another CA.")
            ]
        }
    }

    var anchorSummary: String {
        if anchors.isEmpty { return "empty" }
        if anchors.count > 3 { return "\(anchors.count) certificates" }
        return anchors.map { "'\($0.displayName)'" }.joined(separator: ", ")
    }

    static func commonName(of name: DistinguishedName) -> String {
        let cn = name.flatMap { $0 }.first { $0.type == .RDNAttributeType.commonName }
        return cn.map { String(describing: $0.value) } ?? name.description
    }
}
