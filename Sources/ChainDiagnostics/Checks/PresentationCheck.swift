import Findings

/// What the broker sends beyond the path (RFC 8446 §4.4.2, RFC 5246 §7.4.2): the same certificate twice,
/// certificates that are on no path, and the root itself, which clients must already have to trust it.
/// sslyze reports the last as `received_chain_contains_anchor_certificate`.
extension ChainCheckContext {
    func presentationFindings() -> [Finding] {
        var findings: [Finding] = []
        // On some path (the client's or an alternative), or named by another finding as the impostor of a
        // re-keyed CA: not "extra".
        var onPath = Set((path + alternatives.flatMap(\.nodes)).compactMap(\.presentedIndex))
        if case .issuerNotFound(_, let impostors) = end {
            onPath.formUnion(presented.filter { impostors.contains($0.certificate) }.map(\.index))
        }
        var positions: [DERKey: [Int]] = [:]
        for (index, certificate) in presented { positions[DERKey(certificate.der), default: []].append(index) }
        for (index, certificate) in presented {
            let copies = positions[DERKey(certificate.der)] ?? [index]
            guard copies.first == index else { continue }
            if copies.count > 1 {
                let shown =
                    copies.prefix(10).map(String.init).joined(separator: ", ") + (copies.count > 10 ? ", ..." : "")
                findings.append(
                    Finding(
                        id: .duplicateCertificate, severity: .info, certificates: [reference(certificate, copies[1])],
                        message: "'\(certificate.displayName)' is sent \(copies.count) times (certificates \(shown)).",
                        evidence: "identical DER at positions \(shown)",
                        fix: "Keep one copy in the broker's certfile and remove the others."))
            }
            let entry = path.first { $0.presentedIndex == index }
            // The root that ends the path; a trusted intermediate is not an anchor of its own (no partial chains).
            if let entry, entry.certificate.isSelfSigned, index > 0 {
                findings.append(
                    Finding(
                        id: .containsAnchor, severity: .info, certificates: [reference(certificate, index)],
                        message:
                            "The broker sends the root '\(certificate.displayName)' as certificate \(index); clients "
                            + "ignore it, since they must already hold it to trust it.",
                        evidence:
                            "certificate \(index) is self-signed\(entry.isTrustAnchor ? " and in the client's trust store" : "")",
                        fix:
                            "Optional: leave the root out of the broker's certfile to save \(certificate.der.count) bytes per handshake."
                    ))
            } else if !onPath.contains(index) {
                findings.append(
                    Finding(
                        id: .extraCertificate, severity: .warning, certificates: [reference(certificate, index)],
                        message:
                            "Certificate \(index) ('\(certificate.displayName)') is not on the certification path of "
                            + "the broker's certificate.",
                        evidence: "path: \(path.map { $0.certificate.displayName }.joined(separator: " → ")); "
                            + "certificate \(index) issues none of them",
                        fix:
                            "Remove '\(certificate.displayName)' from the broker's certfile; if it was meant to be the "
                            + "intermediate, the file holds the wrong one."))
            }
        }
        return findings
    }
}
