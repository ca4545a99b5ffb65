import Foundation
import X509

/// Everything a check looks at: the built path, how it ended, what was presented, and the client's view.
/// Each check is an extension of this type in a file of its own and returns findings; none throws.
struct ChainCheckContext {
    typealias PathEntry = (certificate: ChainCertificate, presentedIndex: Int?, anchor: Bool)

    let path: [PathEntry]
    let end: PathBuilder.End
    let presented: [(index: Int, certificate: ChainCertificate)]
    let anchors: [ChainCertificate]
    let identity: ServerIdentity?
    let now: Date
    let policy: ChainPolicy

    var leaf: ChainCertificate { path[0].certificate }

    func reference(_ certificate: ChainCertificate, _ presentedIndex: Int?) -> CertificateReference {
        CertificateReference(presentedIndex: presentedIndex, subject: certificate.subject.description)
    }

    /// "certificate 1 (chaindoctor Test Intermediate CA)" or "trust anchor 'Root'".
    func label(_ certificate: ChainCertificate, _ presentedIndex: Int?) -> String {
        if let presentedIndex { return "certificate \(presentedIndex) ('\(certificate.displayName)')" }
        return "trust anchor '\(certificate.displayName)'"
    }

    static func date(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}
