/// SplitMix64 (Steele, Lea, Flood 2014): a seeded generator, so that a fuzz or property test that fails fails
/// again with the same input.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes, eight per draw (per-byte draws are slow in debug builds).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count + 8)
        while result.count < count {
            let word = next()
            withUnsafeBytes(of: word) { result.append(contentsOf: $0) }
        }
        result.removeLast(result.count - count)
        return result
    }
}
