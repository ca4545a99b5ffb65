import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Builds the certification paths a client can build from the presented certificates and its trust anchors
/// (RFC 4158 in spirit, OpenSSL's X509_verify_cert(3) in its choices): starting from the leaf, the issuer is
/// looked up among the trust anchors first (X509_V_FLAG_TRUSTED_FIRST, OpenSSL's default since 1.1.0), then
/// among the presented certificates in any order, then in an optional pool of intermediates the user has at
/// hand; by name and by signature, currently valid issuers first. A path ends at a self-signed trust anchor
/// (trusted), at a self-signed certificate the client does not trust, or where no issuer can be found.
struct PathBuilder {
    struct Node: Equatable {
        var certificate: ChainCertificate
        /// Index in the presented chain when the broker sent this certificate.
        var presentedIndex: Int?
        /// Whether the client trusts it (it is in the trust store).
        var isTrustAnchor: Bool
        /// Found only in the user's pool of intermediates: neither sent nor trusted.
        var fromPool: Bool = false
    }

    enum End: Equatable {
        /// Ends at a self-signed certificate the client trusts.
        case trustAnchor
        /// Ends at a self-signed certificate the client does not trust.
        case untrustedSelfSigned
        /// The issuer of the last node was found nowhere. `sameNameNotIssuer` lists certificates with the
        /// issuer's name whose key did not sign it (a regenerated CA, a re-keyed intermediate).
        case issuerNotFound(issuer: DistinguishedName, sameNameNotIssuer: [ChainCertificate])
    }

    struct Path: Equatable {
        var nodes: [Node]
        var end: End
        var isTrusted: Bool { end == .trustAnchor }
    }

    /// OpenSSL's default verify depth (X509_VERIFY_PARAM: 100 certificates below the leaf), so that a long chain
    /// gets OpenSSL's verdict; the work bound below keeps hostile input (thousands of same-named certificates that
    /// sign each other) from making the search exponential.
    static let maximumDepth = 101
    static let maximumPaths = 16
    /// Issuer candidates tried in all, over the whole search.
    static let maximumSteps = 20_000

    let presented: [ChainCertificate]
    let now: Date
    /// Every possible issuer, each certificate once, in the order a client tries them (trust anchors, then
    /// presented, then the pool), indexed by subject: built once, so a bundle of thousands stays linear.
    private let candidatesBySubject: [DistinguishedName: [Node]]

    init(presented: [ChainCertificate], anchors: [ChainCertificate], pool: [ChainCertificate] = [], now: Date) {
        self.presented = presented
        self.now = now
        var firstPresentedIndex: [DERKey: Int] = [:]
        for (index, certificate) in presented.enumerated() where firstPresentedIndex[DERKey(certificate.der)] == nil {
            firstPresentedIndex[DERKey(certificate.der)] = index
        }
        var seen: Set<DERKey> = []
        var index: [DistinguishedName: [Node]] = [:]
        func add(_ node: Node) {
            guard seen.insert(DERKey(node.certificate.der)).inserted else { return }
            index[node.certificate.subject, default: []].append(node)
        }
        anchors.forEach {
            add(Node(certificate: $0, presentedIndex: firstPresentedIndex[DERKey($0.der)], isTrustAnchor: true))
        }
        presented.enumerated().forEach { add(Node(certificate: $1, presentedIndex: $0, isTrustAnchor: false)) }
        pool.forEach { add(Node(certificate: $0, presentedIndex: nil, isTrustAnchor: false, fromPool: true)) }
        self.candidatesBySubject = index
        self.anchorDER = Set(anchors.map { DERKey($0.der) })
    }

    private let anchorDER: Set<DERKey>

    /// Every path the search finds, in the order a client tries them (at most `maximumPaths`).
    func allPaths() -> [Path] {
        guard let leaf = presented.first else { return [] }
        var found: [Path] = []
        search(
            path: [Node(certificate: leaf, presentedIndex: 0, isTrustAnchor: anchorDER.contains(DERKey(leaf.der)))],
            found: &found)
        return found
    }

    /// The path an OpenSSL client builds: the first one in search order. OpenSSL takes the first suitable
    /// issuer at each step and does not go back to try another presented intermediate when the path it
    /// built fails (only alternatives from the trust store, which the search already tries first), so a
    /// trusted path later in the order is one that clients such as Go or Java find and OpenSSL does not.
    static func choose(from paths: [Path]) -> Path? {
        paths.first
    }

    private func search(path: [Node], found: inout [Path]) {
        var steps = 0
        search(path: path, found: &found, steps: &steps)
    }

    private func search(path: [Node], found: inout [Path], steps: inout Int) {
        guard found.count < Self.maximumPaths, steps < Self.maximumSteps, let top = path.last else { return }
        steps += 1
        // Like OpenSSL without X509_V_FLAG_PARTIAL_CHAIN, a path is trusted only when it reaches a self-signed
        // certificate in the trust store; a trusted intermediate still needs its own issuer.
        if top.certificate.isSelfSigned {
            found.append(Path(nodes: path, end: top.isTrustAnchor ? .trustAnchor : .untrustedSelfSigned))
            return
        }
        let candidates = issuerCandidates(of: top.certificate, excluding: path.map(\.certificate))
        if candidates.issuers.isEmpty || path.count >= Self.maximumDepth {
            found.append(
                Path(
                    nodes: path,
                    end: .issuerNotFound(
                        issuer: top.certificate.issuer,
                        sameNameNotIssuer: candidates.sameNameNotIssuer)))
            return
        }
        for candidate in candidates.issuers {
            search(path: path + [candidate], found: &found, steps: &steps)
        }
    }

    /// Issuers of `certificate`: trust anchors first, then presented certificates, then the pool; within
    /// each, those valid now before those that are not (OpenSSL 1.1+ prefers a currently valid issuer).
    /// A certificate presented twice is one candidate.
    private func issuerCandidates(
        of certificate: ChainCertificate, excluding used: [ChainCertificate]
    )
        -> (issuers: [Node], sameNameNotIssuer: [ChainCertificate])
    {
        var issuers: [Node] = []
        var impostors: [ChainCertificate] = []
        let used = Set(used.map { DERKey($0.der) })
        for node in candidatesBySubject[certificate.issuer] ?? [] where !used.contains(DERKey(node.certificate.der)) {
            if certificate.isIssued(by: node.certificate) {
                issuers.append(node)
            } else {
                impostors.append(node.certificate)
            }
        }
        let valid = issuers.filter { isTimeValid($0.certificate) }
        let invalid = issuers.filter { !isTimeValid($0.certificate) }
        return (valid + invalid, impostors)
    }

    private func isTimeValid(_ certificate: ChainCertificate) -> Bool {
        certificate.certificate.notValidBefore <= now && now <= certificate.certificate.notValidAfter
    }
}
