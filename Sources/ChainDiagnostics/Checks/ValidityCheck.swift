import Findings

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// RFC 5280 §6.1.3 (a)(2): every certificate on the path, trust anchor included (as OpenSSL checks it),
/// must be within its validity period at the time of verification; and each should stay so for longer than
/// the policy's warning window.
extension ChainCheckContext {
    func validityFindings() -> [Finding] {
        path.compactMap { entry in
            let certificate = entry.certificate.certificate
            let who = label(entry)
            if now > certificate.notValidAfter {
                let days = Int(now.timeIntervalSince(certificate.notValidAfter) / 86_400)
                return Finding(
                    id: .expired, severity: .critical, certificates: [reference(entry)],
                    message:
                        "\(who.capitalizedFirst) expired on \(Self.date(certificate.notValidAfter)) (\(days) days ago).",
                    evidence: "notAfter \(Self.date(certificate.notValidAfter)); checked at \(Self.date(now))",
                    fix: renewal(entry))
            }
            if now < certificate.notValidBefore {
                return Finding(
                    id: .notYetValid, severity: .critical, certificates: [reference(entry)],
                    message: "\(who.capitalizedFirst) is not valid until \(Self.date(certificate.notValidBefore)).",
                    evidence: "notBefore \(Self.date(certificate.notValidBefore)); checked at \(Self.date(now))",
                    fix:
                        "Check the clocks of the broker host, the CA and the client; re-issue \(role(entry)) with a notBefore in the past."
                )
            }
            let daysLeft = CertificateSummary.daysRemaining(until: certificate.notValidAfter, at: now)
            guard daysLeft < policy.warnDays else { return nil }
            let critical = daysLeft < policy.critDays
            return Finding(
                id: .expiringSoon, severity: critical ? .error : .warning, certificates: [reference(entry)],
                message:
                    "\(who.capitalizedFirst) expires on \(Self.date(certificate.notValidAfter)), in \(daysLeft) day\(daysLeft == 1 ? "" : "s").",
                evidence: "notAfter \(Self.date(certificate.notValidAfter)); checked at \(Self.date(now)); "
                    + "\(critical ? "critical" : "warning") window \(critical ? policy.critDays : policy.warnDays) days",
                fix: renewal(entry))
        }
    }

    private func renewal(_ entry: PathEntry) -> String {
        if entry.isTrustAnchor || entry.certificate.isSelfSigned {
            return "Renew the root CA, give clients the new one, and re-issue what it signed."
        }
        if entry.presentedIndex == 0 {
            return
                "Renew the broker's certificate and replace it in certfile (and keyfile, unless the key was re-used); "
                + "then restart or reload the broker."
        }
        return "Renew \(role(entry)) and replace it in the broker's certfile; the leaf may stay if the renewed "
            + "intermediate keeps the same key and name."
    }
}
