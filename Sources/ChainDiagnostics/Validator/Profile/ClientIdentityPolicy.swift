import SwiftASN1
import X509

/// The name check of a client family other than the strict verdict (which uses swift-certificates'
/// `ServerIdentityPolicy` with `SubjectAlternativeNamePolicy` and `WildcardPolicy`): the commonName fallback, the
/// wildcard rule and the way an IP address is matched, per `ValidationProfile`.
struct ClientIdentityPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.subjectAlternativeName]
    var identity: ServerIdentity
    var profile: ValidationProfile

    func violation(in path: [Certificate]) -> StrictViolation? {
        let leaf = path[0]
        let names: SubjectAlternativeNames?
        do {
            names = try leaf.extensions.subjectAlternativeNames
        } catch {
            return StrictViolation(
                rule: .malformedExtension, position: 0,
                detail: "The leaf has a subjectAltName that does not decode (RFC 5280 §4.2.1.6); re-issue it.")
        }
        var dnsNames: [String] = []
        var addresses: [[UInt8]] = []
        for name in names ?? SubjectAlternativeNames() {
            switch name {
            case .dnsName(let value): dnsNames.append(value)
            case .ipAddress(let bytes): addresses.append(Array(bytes.bytes))
            default: break
            }
        }
        let useCommonName: Bool =
            switch profile.commonNameFallback {
            case .never: false
            case .whenNoSubjectAltName: names == nil
            case .whenNoDNSName: dnsNames.isEmpty
            }
        let candidates = dnsNames + (useCommonName ? leaf.subject.commonNames : [])
        let matched: Bool
        switch identity {
        case .ipAddress(let bytes):
            let text = IPAddressText.format(bytes)
            let bySAN = profile.ipAddressMatching != .asText && addresses.contains(bytes)
            let byText = profile.ipAddressMatching != .subjectAltName && candidates.contains { $0.lowercased() == text }
            matched = bySAN || byText
        case .dnsName(let host):
            matched = candidates.contains { pattern in
                guard profile.partialLabelWildcards || !WildcardPolicy.isPartialWildcard(pattern) else { return false }
                return HostnameMatcher.matches(pattern: pattern, host: host)
            }
        }
        guard !matched else { return nil }
        if names == nil, profile.commonNameFallback == .never, !leaf.subject.commonNames.isEmpty {
            return StrictViolation(
                rule: .missingSubjectAltName, position: 0,
                detail: "The leaf names the server only in its CN, which this client does not read; re-issue it with "
                    + "subjectAltName DNS:<broker name>.")
        }
        let named = (dnsNames + addresses.map(IPAddressText.format) + (useCommonName ? leaf.subject.commonNames : []))
            .map { "'\($0)'" }.joined(separator: ", ")
        return StrictViolation(
            rule: .hostnameMismatch, position: 0,
            detail: "The leaf names \(named.isEmpty ? "nothing this client reads" : named), not '\(identity)'"
                + (identity.isIPAddress && profile.ipAddressMatching == .asText
                    ? " (this client compares an IP address as text with DNS names and the CN, not with IP SANs)"
                    : "")
                + ".")
    }
}

extension ServerIdentity {
    var isIPAddress: Bool {
        if case .ipAddress = self { return true }
        return false
    }
}
