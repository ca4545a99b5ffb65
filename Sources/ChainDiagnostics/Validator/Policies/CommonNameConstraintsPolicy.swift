import SwiftASN1
import X509

/// Name constraints on the subject's commonName, where clients read it as a DNS name.
///
/// swift-certificates' `NameConstraintsPolicy` checks dNSName, iPAddress and URI subjectAltNames against every
/// issuer's permitted and excluded subtrees (RFC 5280 §4.2.1.10), but not a commonName. OpenSSL (since 1.1.0,
/// `NAME_CONSTRAINTS_check_CN`) and BoringSSL check the leaf's commonName as a DNS name when the leaf has no dNSName
/// subjectAltName and the CN looks like a host name (letters, digits, hyphens, at least one dot), so that a
/// constrained CA cannot escape its constraints through a CN that a legacy client would match. We do the same.
struct CommonNameConstraintsPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.nameConstraints]

    func violation(in path: [Certificate]) -> StrictViolation? {
        let leaf = path[0]
        let sans = (try? leaf.extensions.subjectAlternativeNames) ?? nil
        if let sans, sans.contains(where: { if case .dnsName = $0 { true } else { false } }) { return nil }
        let names = leaf.subject.commonNames.filter(Self.looksLikeHostName)
        guard !names.isEmpty else { return nil }
        for position in 1..<max(path.count, 1) {
            guard let constraints = try? path[position].extensions.nameConstraints else { continue }
            for name in names {
                let permitted = constraints.permittedDNSDomains
                if !permitted.isEmpty, !permitted.contains(where: { Self.matches(name, constraint: $0) }) {
                    return violation(
                        name, "is not within the permitted DNS subtrees \(Array(permitted))", position, path)
                }
                if let excluded = constraints.excludedDNSDomains.first(where: { Self.matches(name, constraint: $0) }) {
                    return violation(name, "is within the excluded DNS subtree \"\(excluded)\"", position, path)
                }
            }
        }
        return nil
    }

    private func violation(_ name: String, _ why: String, _ position: Int, _ path: [Certificate]) -> StrictViolation {
        StrictViolation(
            rule: .nameConstraints, position: 0,
            detail: "\(PathNaming.name(0, in: path).capitalizedFirst) has the commonName \"\(name)\", which "
                + "\(why) of \(PathNaming.name(position, in: path)) (RFC 5280 §4.2.1.10; OpenSSL checks a host-name "
                + "CN when there is no DNS subjectAltName); re-issue the leaf with a subjectAltName inside the "
                + "constraints.")
    }

    /// OpenSSL's `cn2dnsid` test: LDH labels with at least one dot, no leading or trailing dot.
    static func looksLikeHostName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.contains(UInt8(ascii: ".")), bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".")
        else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
                || byte == 0x2E
        }
    }

    /// RFC 5280 §4.2.1.10: a DNS constraint is satisfied by the name itself and by any name with labels added on
    /// the left; a leading dot (as OpenSSL and Go accept it) allows only the names below it. Case is ignored.
    static func matches(_ name: String, constraint: String) -> Bool {
        let name = name.lowercased()
        let constraint = constraint.lowercased()
        if constraint.isEmpty { return true }
        if constraint.hasPrefix(".") { return name.hasSuffix(constraint) }
        return name == constraint || name.hasSuffix("." + constraint)
    }
}
