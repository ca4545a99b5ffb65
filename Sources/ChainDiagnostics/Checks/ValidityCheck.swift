import Foundation

/// RFC 5280 §6.1.3 (a)(2): every certificate on the path, trust anchor included (as OpenSSL checks it),
/// must be within its validity period at the time of verification.
extension ChainCheckContext {
    func validityFindings() -> [Finding] {
        path.compactMap { entry in
            let certificate = entry.certificate.certificate
            let who = label(entry.certificate, entry.presentedIndex)
            let role = entry.presentedIndex == 0 ? "the broker's certificate" : entry.anchor ? "the root" : "the intermediate"
            if now > certificate.notValidAfter {
                let days = Int(now.timeIntervalSince(certificate.notValidAfter) / 86_400)
                return Finding(
                    id: .expired, severity: .critical, certificates: [reference(entry.certificate, entry.presentedIndex)],
                    message: "\(who.prefix(1).uppercased() + who.dropFirst()) expired on \(Self.date(certificate.notValidAfter)) (\(days) days ago).",
                    evidence: "notAfter \(Self.date(certificate.notValidAfter)); checked at \(Self.date(now))",
                    fix: entry.anchor
                        ? "Renew the root CA and give clients the new one; re-issue what it signed."
                        : "Renew \(role) and replace it in the broker's certfile"
                            + (entry.presentedIndex == 0 ? " (keep the same keyfile only if you re-used the key)." : "; the leaf may stay if the renewed intermediate keeps the same key and name."))
            }
            if now < certificate.notValidBefore {
                return Finding(
                    id: .notYetValid, severity: .critical, certificates: [reference(entry.certificate, entry.presentedIndex)],
                    message: "\(who.prefix(1).uppercased() + who.dropFirst()) is not valid until \(Self.date(certificate.notValidBefore)).",
                    evidence: "notBefore \(Self.date(certificate.notValidBefore)); checked at \(Self.date(now))",
                    fix: "Check the clocks of the broker host, the CA and the client; re-issue \(role) with a notBefore in the past.")
            }
            return nil
        }
    }
}
