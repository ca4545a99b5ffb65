import SwiftASN1
import X509

/// A wildcard names a host only as the whole leftmost label: `*.example.com` matches `broker.example.com`, while
/// `br*.example.com` or `*broker.example.com` match nothing. RFC 6125 §6.4.3 leaves partial-label wildcards to the
/// client; the Web PKI forbids them (CA/Browser Forum BR §7.1.2.7.12), and Go's crypto/x509, rustls and browsers
/// never match them. swift-certificates' `ServerIdentityPolicy` and OpenSSL do; the strict verdict does not: when
/// the name the client dials is matched only through such a wildcard, the path is refused for the identity.
struct WildcardPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []
    /// The DNS name the client dials.
    let hostname: String

    func violation(in path: [Certificate]) -> StrictViolation? {
        guard let names = (try? path[0].extensions.subjectAlternativeNames) ?? nil else { return nil }
        let dnsNames = names.compactMap { name -> String? in
            if case .dnsName(let value) = name { return value.lowercased() }
            return nil
        }
        let host = hostname.lowercased().trimmingSuffix(".")
        let partial = dnsNames.filter { Self.isPartialWildcard($0) }
        guard !partial.isEmpty, !dnsNames.contains(where: { Self.matches($0, host) }) else { return nil }
        return StrictViolation(
            rule: .hostnameMismatch, position: 0,
            detail: "\(PathNaming.name(0, in: path).capitalizedFirst) names '\(host)' only through the wildcard "
                + "\(partial.map { "'\($0)'" }.joined(separator: ", ")) inside a label, which Go, rustls and browsers "
                + "never match (CA/Browser Forum BR §7.1.2.7.12); re-issue it with DNS:\(host) or a whole-label "
                + "wildcard.")
    }

    /// A `*` anywhere but as the whole leftmost label.
    static func isPartialWildcard(_ pattern: String) -> Bool {
        guard pattern.contains("*") else { return false }
        return !(pattern.hasPrefix("*.") && !pattern.dropFirst().contains("*"))
    }

    /// Exactly, or through a whole-label wildcard over exactly one label (RFC 6125 §6.4.3).
    static func matches(_ pattern: String, _ host: String) -> Bool {
        let pattern = pattern.trimmingSuffix(".")
        if pattern == host { return true }
        guard pattern.hasPrefix("*."), !pattern.dropFirst().contains("*"),
            let dot = host.firstIndex(of: "."), dot != host.startIndex
        else { return false }
        return host[dot...] == pattern.dropFirst()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
