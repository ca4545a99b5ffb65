import Glibc

/// A point on the monotonic clock by which a step must finish.
public struct Deadline: Sendable {
    let nanoseconds: UInt64
    /// The time the step was given, for messages ("timed out after 5 s").
    public let seconds: Double

    public init(secondsFromNow seconds: Double) {
        self.seconds = seconds
        self.nanoseconds = Deadline.now() &+ UInt64(max(0, seconds) * 1_000_000_000)
    }

    /// Seconds left; 0 once passed.
    public var remainingSeconds: Double {
        let now = Deadline.now()
        return nanoseconds > now ? Double(nanoseconds - now) / 1_000_000_000 : 0
    }

    /// Milliseconds left, clamped for poll(2); 0 once passed.
    public var remainingMilliseconds: Int32 {
        let now = Deadline.now()
        guard nanoseconds > now else { return 0 }
        return Int32(clamping: (nanoseconds - now + 999_999) / 1_000_000)
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// Elapsed wall time of a step in milliseconds, from the monotonic clock.
public struct Stopwatch: Sendable {
    private let start = Deadline.now()
    public init() {}
    public var elapsedMilliseconds: Double { Double(Deadline.now() - start) / 1_000_000 }
}
