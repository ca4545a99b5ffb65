/// Cross-signing gives a leaf more than one certification path. The client builds one (see `PathBuilder`);
/// the others are worth knowing: a path OpenSSL does not take but would verify is a fix by reordering, and a
/// path that fails matters to the clients that build that one.
extension ChainCheckContext {
    func alternativePathFindings() -> [Finding] {
        let complete = alternatives
        guard !complete.isEmpty else { return [] }
        let chosen = path.map { $0.certificate.displayName }.joined(separator: " → ")
        let others = complete.map { alternative in
            alternative.nodes.map { $0.certificate.displayName }.joined(separator: " → ")
                + (alternative.isTrusted ? " (verifies)" : ending(alternative.end))
        }
        let trustedAlternative = complete.first(where: \.isTrusted)
        let chosenTrusted = end == .trustAnchor
        let fix: String
        if !chosenTrusted, let trustedAlternative {
            let intermediates = trustedAlternative.nodes.dropFirst().filter { $0.presentedIndex != nil && !$0.isTrustAnchor }
            fix = "OpenSSL clients take the first matching intermediate and do not try another: put "
                + intermediates.map { "'\($0.certificate.displayName)' (certificate \($0.presentedIndex ?? 0))" }
                    .joined(separator: ", ")
                + " right after the leaf in certfile, or remove the intermediates of the failing path."
        } else {
            fix = chosenTrusted
                ? "Nothing to do for clients that trust this root; clients with another trust store may build another path."
                : "No path reaches a root this client trusts; see the other findings."
        }
        return [
            Finding(
                id: .alternatePath, severity: .info,
                certificates: complete.flatMap(\.nodes).filter { $0.presentedIndex != nil }.map { reference($0) },
                message: "The presented certificates allow \(complete.count + 1) paths; OpenSSL clients build \(chosen)"
                    + (chosenTrusted ? "." : ", which fails") + (trustedAlternative != nil && !chosenTrusted ? ", although another path verifies." : ""),
                evidence: "other paths: " + others.joined(separator: "; "),
                fix: fix)
        ]
    }

    private func ending(_ end: PathBuilder.End) -> String {
        switch end {
        case .trustAnchor: " (verifies)"
        case .untrustedSelfSigned: " (ends in a root this client does not trust)"
        case .issuerNotFound(let issuer, _): " (then '\(issuer.displayName)', which this client does not have)"
        }
    }
}
