/// One reason the strict validator gives for rejecting: the rule, the certificate it names and a sentence to act on.
public struct StrictRejection: Sendable, Equatable {
    public var rule: StrictRule
    /// The certificate the rule names: its index in the presented chain, or nil for a trust-store certificate.
    public var presentedIndex: Int?
    public var subject: String
    /// One sentence a person can act on, naming the rule and the certificate (RFC section where it helps).
    public var detail: String

    public init(rule: StrictRule, presentedIndex: Int?, subject: String, detail: String) {
        self.rule = rule
        self.presentedIndex = presentedIndex
        self.subject = subject
        self.detail = detail
    }
}
