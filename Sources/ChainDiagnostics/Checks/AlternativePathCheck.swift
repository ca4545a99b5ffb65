import Findings

/// Cross-signing gives a leaf more than one certification path. The client builds one (see `PathBuilder`);
/// the others are worth knowing: a path OpenSSL does not take but would verify is a fix by reordering, and a
/// path that fails matters to the clients that build that one.
extension ChainCheckContext {
    func alternativePathFindings() -> [Finding] {
        guard !alternatives.isEmpty else { return [] }
        let chosen = path.map { $0.certificate.displayName }.joined(separator: " → ")
        let others = alternatives.map { alternative in
            alternative.nodes.map { $0.certificate.displayName }.joined(separator: " → ") + ending(alternative.end)
        }
        let chosenTrusted = end == .trustAnchor
        let trustedAlternative = chosenTrusted ? nil : alternatives.first(where: \.isTrusted)
        let fix: String
        if let trustedAlternative {
            let intermediates = trustedAlternative.nodes.dropFirst().filter {
                $0.presentedIndex != nil && !$0.isTrustAnchor
            }
            fix =
                "OpenSSL clients take the first matching intermediate and do not try another: put "
                + intermediates.map { "'\($0.certificate.displayName)' (certificate \($0.presentedIndex ?? 0))" }
                .joined(separator: ", ")
                + " right after the leaf in certfile, or remove the intermediates of the failing path."
        } else if chosenTrusted {
            fix =
                "Nothing to do for clients that trust this root; clients with another trust store may build another path."
        } else {
            fix = "No path reaches a root this client trusts; see the other findings."
        }
        let outcome =
            chosenTrusted
            ? "." : trustedAlternative == nil ? ", which fails." : ", which fails, although another path verifies."
        var seen: Set<Int> = []
        let concerned = alternatives.flatMap(\.nodes).filter { node in
            node.presentedIndex.map { seen.insert($0).inserted } ?? false
        }
        return [
            Finding(
                id: .alternatePath, severity: .info, certificates: concerned.map { reference($0) },
                message:
                    "The presented certificates allow \(alternatives.count + 1) paths; OpenSSL clients build \(chosen)"
                    + outcome,
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
