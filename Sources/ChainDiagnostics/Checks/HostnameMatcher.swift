/// Matches the identity a client dials against a leaf certificate the way OpenSSL's X509_check_host(3) and
/// X509_check_ip(3) do with default flags, following RFC 6125 §6.4:
/// - DNS names compare case-insensitively, a trailing dot ignored;
/// - a wildcard stands only in the left-most label, matches exactly one label, and needs at least two labels
///   after it (`*.example.com`, never `*.com`);
/// - IP addresses match iPAddress SAN entries only, byte for byte, never a DNS SAN or the CN;
/// - the subject CN is consulted only when the certificate has no dNSName SAN at all (the CN fallback that
///   OpenSSL keeps and strict clients such as Go and browsers dropped).
public enum HostnameMatcher {
    public enum Outcome: Sendable, Equatable {
        /// Matched this SAN entry.
        case matchedSubjectAltName(String)
        /// Matched the subject CN, the certificate having no DNS SAN.
        case matchedCommonNameOnly(String)
        case noMatch
    }

    public static func match(_ identity: ServerIdentity, against certificate: ChainCertificate) -> Outcome {
        let names = certificate.subjectAlternativeNames
        switch identity {
        case .ipAddress(let bytes):
            return names.ipAddresses.contains(bytes) ? .matchedSubjectAltName(IPAddressText.format(bytes)) : .noMatch
        case .dnsName(let host):
            if let hit = names.dnsNames.first(where: { matches(pattern: $0, host: host) }) {
                return .matchedSubjectAltName(hit)
            }
            if names.dnsNames.isEmpty, !names.undecodable,
                let cn = certificate.commonNames.first(where: { matches(pattern: $0, host: host) })
            {
                return .matchedCommonNameOnly(cn)
            }
            return .noMatch
        }
    }

    /// RFC 6125 §6.4.3 matching of one presented DNS identifier against a reference host name.
    public static func matches(pattern: String, host: String) -> Bool {
        let pattern = normalize(pattern)
        let host = normalize(host)
        guard !pattern.isEmpty, !host.isEmpty else { return false }
        if !pattern.contains("*") { return pattern == host }
        let patternLabels = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard patternLabels.count >= 3, patternLabels.count == hostLabels.count else { return false }
        // Only one '*', and only in the left-most label.
        guard patternLabels.dropFirst().allSatisfy({ !$0.contains("*") }),
            patternLabels[0].filter({ $0 == "*" }).count == 1
        else { return false }
        guard patternLabels.dropFirst().elementsEqual(hostLabels.dropFirst()) else { return false }
        // A wildcard never matches an IDNA A-label partially, nor an IP literal.
        let first = patternLabels[0]
        let hostFirst = hostLabels[0]
        if first != "*" && hostFirst.hasPrefix("xn--") { return false }
        guard IPAddressText.parse(host) == nil else { return false }
        let parts = first.split(separator: "*", omittingEmptySubsequences: false)
        let prefix = parts[0], suffix = parts[1]
        return hostFirst.count >= prefix.count + suffix.count && !hostFirst.isEmpty
            && hostFirst.hasPrefix(prefix) && hostFirst.hasSuffix(suffix)
    }

    static func normalize(_ name: String) -> String {
        var lowered = name.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }
}
