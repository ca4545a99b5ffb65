/// The strict validator's answer: accepted with the path it built, or rejected with every reason.
public struct StrictVerdict: Sendable, Equatable {
    public var accepted: Bool
    /// The path built, leaf first and trust anchor last (DER), when accepted.
    public var path: [[UInt8]]?
    /// Why: when rejected, every reason (one per rejected candidate path, and why no path was built at all);
    /// empty when accepted.
    public var rejections: [StrictRejection]

    public init(accepted: Bool, path: [[UInt8]]?, rejections: [StrictRejection]) {
        self.accepted = accepted
        self.path = path
        self.rejections = rejections
    }

    /// The rules named, in order, without repeats: what a test or a summary usually wants.
    public var rules: [StrictRule] {
        var seen: Set<StrictRule> = []
        return rejections.map(\.rule).filter { seen.insert($0).inserted }
    }
}
