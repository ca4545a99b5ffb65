/// What the analyzer holds a chain to. Later checks (key sizes, expiry windows) add their thresholds here.
public struct ChainPolicy: Sendable, Equatable {
    /// Warn this many days before a certificate on the path expires.
    public var warnDays: Int

    public init(warnDays: Int = 30) {
        self.warnDays = warnDays
    }
}
