/// One thing a rule found, with what shows it and what to do about it. Its severity is the id's default unless the
/// rule says otherwise (an expiry inside the critical window, a key that is encrypted rather than unreadable).
public struct Finding: Sendable, Equatable {
    public var id: FindingID
    public var severity: Severity
    /// The certificates concerned.
    public var certificates: [CertificateReference]
    /// One sentence: what is wrong.
    public var message: String
    /// The facts that show it (names, dates, positions), for a person to check.
    public var evidence: String
    /// What to change, in the broker's or the client's own terms. Empty when there is nothing to do.
    public var fix: String

    public init(
        id: FindingID, severity: Severity? = nil, certificates: [CertificateReference] = [], message: String,
        evidence: String, fix: String
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.certificates = certificates
        self.message = Self.bounded(message)
        self.evidence = Self.bounded(evidence)
        self.fix = Self.bounded(fix)
    }

    /// A hostile certificate (a 64 KB subject) must not turn every sentence that names it into 64 KB: texts are
    /// cut at this many characters, saying how much was left out.
    public static let maximumTextLength = 1_000

    static func bounded(_ text: String) -> String {
        guard text.count > maximumTextLength else { return text }
        return String(text.prefix(maximumTextLength)) + "… (\(text.count - maximumTextLength) more characters)"
    }
}

extension Array where Element == Finding {
    /// Worst first; findings of equal severity keep the order they were found in.
    public func sortedWorstFirst() -> [Finding] {
        enumerated().sorted { lhs, rhs in
            lhs.element.severity != rhs.element.severity
                ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
