/// RFC 6125: the leaf must name what the client dialled. See `HostnameMatcher` for the rules.
extension ChainCheckContext {
    func identityFindings() -> [Finding] {
        guard let identity else { return [] }
        let names = leaf.subjectAlternativeNames
        let sanText = names.present
            ? "SAN DNS [\(names.dnsNames.joined(separator: ", "))] IP [\(names.ipAddresses.map(IPAddressText.format).joined(separator: ", "))]"
            : "no subjectAltName; CN \(leaf.commonNames.joined(separator: ", "))"
        switch HostnameMatcher.match(identity, against: leaf) {
        case .matchedSubjectAltName:
            return []
        case .matchedCommonNameOnly(let cn):
            return [
                Finding(
                    id: .cnOnly, severity: .warning, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate names '\(cn)' only in its subject CN, not in a subjectAltName.",
                    evidence: sanText,
                    fix: "Re-issue the certificate with subjectAltName = DNS:\(identity). OpenSSL-based clients still "
                        + "fall back to the CN; Go, browsers and other RFC 6125 clients reject it.")
            ]
        case .noMatch:
            let kind: String
            let san: String
            switch identity {
            case .ipAddress: kind = "IP address"; san = "IP:\(identity)"
            case .dnsName: kind = "host name"; san = "DNS:\(identity)"
            }
            return [
                Finding(
                    id: .hostnameMismatch, severity: .critical, certificates: [reference(leaf, 0)],
                    message: "The broker's certificate does not name the \(kind) '\(identity)' the client dials.",
                    evidence: sanText,
                    fix: "Dial the broker by a name the certificate carries, or re-issue it with subjectAltName = \(san)"
                        + (names.present ? " added to the names it has." : "."))
            ]
        }
    }
}
