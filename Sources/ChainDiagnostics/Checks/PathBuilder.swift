import Foundation
import X509

/// Builds the certification path a client would build from the presented certificates and its trust anchors
/// (RFC 4158 in spirit, OpenSSL's X509_verify_cert(3) in its choices): starting from the leaf, the issuer is
/// looked up among the trust anchors first, then among the presented certificates in any order, by name
/// and by signature. The path ends at a self-signed trust anchor (trusted), at a self-signed certificate
/// the client does not trust, or where no issuer can be found.
struct PathBuilder {
    struct Node: Equatable {
        var certificate: ChainCertificate
        /// Index in the presented chain when the broker sent this certificate.
        var presentedIndex: Int?
        /// Whether the client trusts it (it is in the trust store).
        var isTrustAnchor: Bool
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

    let presented: [ChainCertificate]
    let anchors: [ChainCertificate]
    let now: Date

    /// The path a client builds: the first trusted one; failing that, the longest untrusted one.
    func build() -> Path? {
        guard let leaf = presented.first else { return nil }
        let leafIsAnchor = anchors.contains(leaf)
        var best: Path?
        search(path: [Node(certificate: leaf, presentedIndex: 0, isTrustAnchor: leafIsAnchor)], best: &best)
        return best
    }

    private func search(path: [Node], best: inout Path?) {
        if best?.isTrusted == true { return }
        guard let top = path.last else { return }
        if top.certificate.isSelfSigned {
            consider(Path(nodes: path, end: top.isTrustAnchor ? .trustAnchor : .untrustedSelfSigned), best: &best)
            return
        }
        let candidates = issuerCandidates(of: top.certificate, excluding: path.map(\.certificate))
        if candidates.issuers.isEmpty {
            consider(
                Path(nodes: path, end: .issuerNotFound(issuer: top.certificate.issuer,
                                                       sameNameNotIssuer: candidates.sameNameNotIssuer)),
                best: &best)
            return
        }
        for candidate in candidates.issuers {
            search(path: path + [candidate], best: &best)
            if best?.isTrusted == true { return }
        }
    }

    private func consider(_ path: Path, best: inout Path?) {
        guard let current = best else { best = path; return }
        if path.isTrusted && !current.isTrusted { best = path; return }
        if !current.isTrusted && path.nodes.count > current.nodes.count { best = path }
    }

    /// Issuers of `certificate`: trust anchors first, then presented certificates; within each, those valid
    /// now before those that are not (OpenSSL 1.1+ prefers a currently valid issuer).
    private func issuerCandidates(of certificate: ChainCertificate, excluding used: [ChainCertificate])
        -> (issuers: [Node], sameNameNotIssuer: [ChainCertificate])
    {
        var issuers: [Node] = []
        var impostors: [ChainCertificate] = []
        let pool: [Node] =
            anchors.map { anchor in
                Node(certificate: anchor, presentedIndex: presented.firstIndex(of: anchor), isTrustAnchor: true)
            }
            + presented.enumerated().compactMap { index, candidate in
                anchors.contains(candidate) ? nil : Node(certificate: candidate, presentedIndex: index, isTrustAnchor: false)
            }
        for node in pool where !used.contains(node.certificate) && node.certificate.subject == certificate.issuer {
            if certificate.isIssued(by: node.certificate) {
                issuers.append(node)
            } else if !impostors.contains(node.certificate) {
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
