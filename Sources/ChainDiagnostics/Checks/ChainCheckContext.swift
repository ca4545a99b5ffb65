import Findings
import FoundationSubstitutes
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything a check looks at: the path a client builds, how it ended, the other paths, what was presented,
/// and the client's view. Each check is an extension of this type in a file of its own and returns findings;
/// none throws.
struct ChainCheckContext {
    typealias PathEntry = PathBuilder.Node

    /// The path a client builds, leaf first.
    let path: [PathEntry]
    let end: PathBuilder.End
    /// The other paths the search found (cross-signing), in the order a client would try them.
    let alternatives: [PathBuilder.Path]
    let presented: [(index: Int, certificate: ChainCertificate)]
    /// Presented certificates the analyzer cannot use, by position; each has its own finding.
    let unreadablePresented: [(index: Int, certificate: UnparseableCertificate)]
    let anchors: [ChainCertificate]
    /// Trust-store certificates the analyzer cannot use (a DSA, P-192 or RSA-1024 key, an encoding swift-certificates
    /// refuses): OpenSSL's verdict uses them; the analyzer names them instead of calling the store empty.
    let unreadableAnchors: [UnparseableCertificate]
    /// The size of the whole store when `anchors` are only what a lookup by name found in it.
    let trustStoreSize: Int?
    let identity: ServerIdentity?
    let now: Date
    let policy: ChainPolicy

    var leaf: ChainCertificate { path[0].certificate }

    func reference(_ entry: PathEntry) -> CertificateReference {
        reference(entry.certificate, entry.presentedIndex)
    }

    func reference(_ certificate: ChainCertificate, _ presentedIndex: Int?) -> CertificateReference {
        CertificateReference(presentedIndex: presentedIndex, subject: certificate.subject.text)
    }

    /// "certificate 1 ('chaindoctor Test Intermediate CA')" or "trust anchor 'Root'".
    func label(_ certificate: ChainCertificate, _ presentedIndex: Int?) -> String {
        if let presentedIndex { return "certificate \(presentedIndex) ('\(certificate.displayName)')" }
        if anchors.contains(certificate) { return "trust anchor '\(certificate.displayName)'" }
        return "'\(certificate.displayName)' (from the intermediates pool)"
    }

    func label(_ entry: PathEntry) -> String { label(entry.certificate, entry.presentedIndex) }

    /// What the certificate is to the broker's operator: the leaf, an intermediate, the root.
    func role(_ entry: PathEntry) -> String {
        if entry.presentedIndex == 0 { return "the broker's certificate" }
        if entry.isTrustAnchor || entry.certificate.isSelfSigned { return "the root CA" }
        return "the intermediate '\(entry.certificate.displayName)'"
    }

    static func date(_ date: Date) -> String {
        date.iso8601Text
    }
}

extension String {
    /// The sentence-initial form: "certificate 1" → "Certificate 1".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
