import Findings

/// RFC 6125: the leaf must name what the client dialled. See `HostnameMatcher` for the rules.
extension ChainCheckContext {
    func identityFindings() -> [Finding] {
        let names = leaf.subjectAlternativeNames
        var findings: [Finding] = []
        if names.undecodable {
            // Never read as "no SAN" (which would let the CN stand in): say that the names cannot be read.
            return [
                Finding(
                    id: .unparseableCertificate, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate has a subjectAltName that does not decode here, so the names "
                        + "it holds cannot be checked.",
                    evidence: "subjectAltName (2.5.29.17) present; swift-certificates cannot decode it (malformed, "
                        + "or nested deeper than its ASN.1 reader goes); the CN is not used in its place",
                    fix: "Re-issue the certificate with a plain subjectAltName: DNS and IP entries only, no deeply "
                        + "nested otherName values. Compare with the OpenSSL verdict below for what OpenSSL clients "
                        + "read.")
            ]
        }
        if !names.present {
            findings.append(
                Finding(
                    id: .cnOnly, severity: .warning, certificates: [reference(leaf, 0)],
                    message:
                        "The broker's certificate has no subjectAltName; it names the server only in its subject CN "
                        + "('\(leaf.commonNames.joined(separator: "', '"))').",
                    evidence: "no subjectAltName extension; subject \(leaf.subject.text)",
                    fix:
                        "Re-issue the certificate with subjectAltName = DNS:\(leaf.commonNames.first ?? "broker.example.com")"
                        + " (and IP:... for addresses clients dial). OpenSSL-based clients still fall back to the CN; "
                        + "Go, browsers and other RFC 6125 clients reject it."))
        }
        guard let identity else { return findings }
        let sanText =
            names.present
            ? "SAN DNS [\(names.dnsNames.joined(separator: ", "))] IP [\(names.ipAddresses.map(IPAddressText.format).joined(separator: ", "))]"
            : "no subjectAltName; CN \(leaf.commonNames.joined(separator: ", "))"
        guard HostnameMatcher.match(identity, against: leaf) == .noMatch else { return findings }
        switch identity {
        case .ipAddress:
            findings.append(
                Finding(
                    id: .ipNotInSAN, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The client dials the IP address \(identity), which is not an IP address in the broker's "
                        + "certificate.",
                    evidence: "\(sanText); IP addresses match only iPAddress SAN entries, never a DNS name or the CN "
                        + "(RFC 6125 §6.2.1)",
                    fix: "Dial the broker by a DNS name the certificate carries"
                        + (names.dnsNames.first.map { " (\($0))" } ?? "")
                        + ", or re-issue it with subjectAltName = IP:\(identity) added."))
        case .dnsName:
            findings.append(
                Finding(
                    id: .hostnameMismatch, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate does not name the host name '\(identity)' the client dials.",
                    evidence: sanText,
                    fix: "Dial the broker by a name the certificate carries, or re-issue it with subjectAltName = "
                        + "DNS:\(identity)" + (names.present ? " added to the names it has." : ".")))
        }
        return findings
    }
}
