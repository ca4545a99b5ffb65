/// Which certificate a finding is about: its position in the presented chain (nil when it was not
/// presented, e.g. a trust anchor) and its subject.
public struct CertificateReference: Sendable, Equatable {
    public var presentedIndex: Int?
    public var subject: String

    public init(presentedIndex: Int?, subject: String) {
        self.presentedIndex = presentedIndex
        self.subject = subject
    }
}
