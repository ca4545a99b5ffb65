public import TLSProbe

/// A byte channel in memory: what the code under test writes is recorded and handed to `respond`, whose answer is
/// what later reads return. When nothing is left to read, a read returns the end of the stream (`closesWhenIdle`)
/// or times out at once, as a silent peer does: a test never waits on a clock.
public final class InMemoryChannel: ByteChannel {
    /// Everything written, in order.
    public private(set) var written: [UInt8] = []
    /// Each write as it came.
    public private(set) var writes: [[UInt8]] = []
    private var pending: [UInt8] = []
    private let respond: ([UInt8]) -> [UInt8]
    private let closesWhenIdle: Bool

    /// - Parameters:
    ///   - greeting: bytes readable before anything is written.
    ///   - closesWhenIdle: true: a read with nothing pending is the peer closing; false: it times out.
    ///   - respond: the peer's answer to each write.
    public init(
        greeting: [UInt8] = [], closesWhenIdle: Bool = false, respond: @escaping ([UInt8]) -> [UInt8] = { _ in [] }
    ) {
        self.pending = greeting
        self.closesWhenIdle = closesWhenIdle
        self.respond = respond
    }

    public func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError) {
        written += bytes
        writes.append(bytes)
        pending += respond(bytes)
    }

    public func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8] {
        if pending.isEmpty {
            if closesWhenIdle { return [] }
            throw .timedOut(phase: phase, seconds: 0)
        }
        let count = min(max(1, maximum), pending.count)
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }
}
