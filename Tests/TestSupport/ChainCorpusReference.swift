import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The strict rules of `ChainCorpusRule`, evaluated over the generator's own model of each certificate (never over
/// parsed DER, and never by a validator): the expected verdict of every corpus case comes from here.
///
/// Every path from the leaf to a trust anchor over the presented certificates is tried (backtracking, RFC 4158), and
/// the chain is accepted when one passes. When none does: `no_path` if no path reached an anchor, else the rule that
/// stopped the anchored paths, which the generator requires to be the same for all of them (a case whose paths fail
/// for different reasons is ambiguous and is not generated). On a path the certificates are processed from the anchor
/// down, as RFC 5280 §6.1 does; on each the rules apply in the order signature algorithm, key size, validity, name
/// constraints, basicConstraints, pathLen, keyUsage; then the leaf's extendedKeyUsage, then the identity.
enum ChainCorpusReference {
    struct Ambiguous: Error, CustomStringConvertible {
        var rules: [ChainCorpusRule]
        var description: String { "anchored paths fail for different reasons: \(rules.map(\.rawValue))" }
    }

    /// nil when a strict client accepts the chain; else the rule that rejects it.
    static func judge(
        presented: [ChainCorpusCertificate], anchors: [ChainCorpusCertificate], identity: String, instant: Date
    ) throws -> ChainCorpusRule? {
        guard let leaf = presented.first else { return .noPath }
        var pool: [ChainCorpusCertificate] = []
        for certificate in presented.dropFirst() where !pool.contains(where: { $0.der == certificate.der }) {
            pool.append(certificate)
        }
        var outcomes: [ChainCorpusRule?] = []
        func extend(_ chain: [ChainCorpusCertificate]) {
            let last = chain[chain.count - 1]
            for anchor in anchors where anchor.issued(last) {
                outcomes.append(check(path: chain, anchor: anchor, identity: identity, instant: instant))
            }
            guard chain.count < 16 else { return }
            for candidate in pool where candidate.issued(last) && !chain.contains(where: { $0.der == candidate.der }) {
                extend(chain + [candidate])
            }
        }
        extend([leaf])
        if outcomes.isEmpty { return .noPath }
        if outcomes.contains(where: { $0 == nil }) { return nil }
        let rules = outcomes.compactMap { $0 }
        guard let first = rules.first, rules.allSatisfy({ $0 == first }) else { throw Ambiguous(rules: rules) }
        return first
    }

    /// The first rule `path` (leaf first, anchor excluded) breaks, or nil.
    static func check(
        path: [ChainCorpusCertificate], anchor: ChainCorpusCertificate, identity: String, instant: Date
    ) -> ChainCorpusRule? {
        if anchor.key.isWeak { return .weakKey }
        var maximumPathLength = path.count
        var constraints: [ChainCorpusCertificate.Constraints] = []
        for (index, certificate) in path.reversed().enumerated() {
            let isLeaf = index == path.count - 1
            if certificate.signature == .rsaSHA1 { return .weakSignature }
            if certificate.key.isWeak { return .weakKey }
            if instant < certificate.notBefore { return .notYetValid }
            if instant > certificate.notAfter { return .expired }
            if isLeaf || !certificate.isSelfIssued {
                for constraint in constraints where !namesSatisfy(certificate, constraint, isLeaf: isLeaf) {
                    return .nameConstraints
                }
            }
            if isLeaf { break }
            guard case .ca(let pathLength) = certificate.authority else { return .basicConstraints }
            if !certificate.isSelfIssued {
                if maximumPathLength <= 0 { return .pathLength }
                maximumPathLength -= 1
            }
            if let pathLength, pathLength < maximumPathLength { maximumPathLength = pathLength }
            if let usage = certificate.usage, !usage.allowsCertSign { return .keyUsage }
            if let constraint = certificate.constraints { constraints.append(constraint) }
        }
        let leaf = path[0]
        if let purposes = leaf.purposes, !purposes.contains(.serverAuth) { return .extendedKeyUsage }
        guard let names = leaf.alternativeNames else { return .subjectAltNameMissing }
        if let address = ipAddress(identity) {
            return names.contains(.ip(address)) ? nil : .hostname
        }
        let matches = names.contains {
            if case .dns(let pattern) = $0 { return dnsName(pattern, matches: identity) }
            return false
        }
        return matches ? nil : .hostname
    }

    /// RFC 9525 §6.3: case-insensitive; `*` only as the entire leftmost label, standing for one non-empty label.
    static func dnsName(_ pattern: String, matches identity: String) -> Bool {
        let pattern = pattern.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        let identity = identity.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard pattern.count == identity.count, !identity.contains(where: \.isEmpty) else { return false }
        if pattern[0] == "*" { return pattern.count > 2 && pattern.dropFirst() == identity.dropFirst() }
        return pattern == identity
    }

    /// Whether every name of `certificate` satisfies `constraint` (RFC 5280 §4.2.1.10): a constraint of a name type
    /// binds only names of that type; a DNS subtree `example.com` holds example.com and every name ending in
    /// `.example.com`; an IP subtree holds the addresses of its family that equal its address under its mask.
    static func namesSatisfy(
        _ certificate: ChainCorpusCertificate, _ constraint: ChainCorpusCertificate.Constraints, isLeaf: Bool
    ) -> Bool {
        var dnsNames: [String] = []
        var addresses: [[UInt8]] = []
        if let names = certificate.alternativeNames {
            for name in names {
                switch name {
                case .dns(let value): dnsNames.append(value)
                case .ip(let value): addresses.append(value)
                }
            }
        } else if isLeaf, looksLikeHostName(certificate.name) {
            dnsNames.append(certificate.name)
        }
        for name in dnsNames {
            if !constraint.permittedDNS.isEmpty, !constraint.permittedDNS.contains(where: { within(name, $0) }) {
                return false
            }
            if constraint.excludedDNS.contains(where: { within(name, $0) }) { return false }
        }
        for address in addresses {
            if !constraint.permittedIP.isEmpty, !constraint.permittedIP.contains(where: { within(address, $0) }) {
                return false
            }
            if constraint.excludedIP.contains(where: { within(address, $0) }) { return false }
        }
        return true
    }

    static func within(_ name: String, _ subtree: String) -> Bool {
        let (name, subtree) = (name.lowercased(), subtree.lowercased())
        return name == subtree || name.hasSuffix("." + subtree)
    }

    static func within(_ address: [UInt8], _ subtree: [UInt8]) -> Bool {
        guard subtree.count == address.count * 2 else { return false }
        let mask = subtree[address.count...]
        return zip(zip(address, subtree), mask).allSatisfy { pair, mask in pair.0 & mask == pair.1 & mask }
    }

    static func looksLikeHostName(_ text: String) -> Bool {
        text.contains(".") && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.*".contains($0)) }
    }

    /// The bytes of an IPv4 or IPv6 address in text, or nil for anything else.
    static func ipAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
