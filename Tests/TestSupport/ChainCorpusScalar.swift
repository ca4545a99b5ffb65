/// Arithmetic modulo the order n of the NIST P-256 group (FIPS 186-5 §6.4; SEC 2 §2.4.2), just enough to sign
/// with ECDSA from a nonce of our choosing. The corpus must be byte-for-byte reproducible, and swift-crypto's ECDSA
/// draws a random nonce; RFC 6979 §3 shows a nonce derived from the key and the message is as good. Montgomery
/// multiplication (CIOS) on four 64-bit limbs, least significant first. Test keys only: nothing here is constant time.
struct ChainCorpusScalar: Equatable {
    var limbs: (UInt64, UInt64, UInt64, UInt64)

    static let order = ChainCorpusScalar(
        limbs: (0xF3B9_CAC2_FC63_2551, 0xBCE6_FAAD_A717_9E84, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_0000_0000))
    static let zero = ChainCorpusScalar(limbs: (0, 0, 0, 0))
    static let one = ChainCorpusScalar(limbs: (1, 0, 0, 0))

    /// -n⁻¹ mod 2⁶⁴, by Newton's iteration (each step doubles the correct low bits).
    static let montgomeryFactor: UInt64 = {
        let n0 = order.limbs.0
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- n0 &* inverse) }
        return 0 &- inverse
    }()

    /// R² mod n, R = 2²⁵⁶: R mod n is 2²⁵⁶ − n (n > 2²⁵⁵), doubled 256 times.
    static let montgomerySquare: ChainCorpusScalar = {
        var value = zero.subtracting(order).value
        for _ in 0..<256 { value = value.adding(value) }
        return value
    }()

    /// A big-endian integer of at most 32 bytes (longer input keeps its leftmost 32 bytes, as ECDSA truncates a
    /// digest, FIPS 186-5 §6.4.1), reduced modulo n.
    init(bigEndian bytes: some Collection<UInt8>) {
        var words: [UInt64] = [0, 0, 0, 0]
        let kept = Array(bytes.prefix(32))
        let padded = [UInt8](repeating: 0, count: 32 - kept.count) + kept
        for index in 0..<4 {
            var word: UInt64 = 0
            for byte in padded[(24 - index * 8)..<(32 - index * 8)] { word = word << 8 | UInt64(byte) }
            words[index] = word
        }
        self.limbs = (words[0], words[1], words[2], words[3])
        if !isLess(than: Self.order) { self = subtracting(Self.order).value }
    }

    init(limbs: (UInt64, UInt64, UInt64, UInt64)) {
        self.limbs = limbs
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.limbs == rhs.limbs
    }

    var isZero: Bool { self == .zero }

    var bigEndianBytes: [UInt8] {
        [limbs.3, limbs.2, limbs.1, limbs.0].flatMap { word in
            (0..<8).reversed().map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
    }

    private var array: [UInt64] { [limbs.0, limbs.1, limbs.2, limbs.3] }
    private init(_ array: [UInt64]) { limbs = (array[0], array[1], array[2], array[3]) }

    func isLess(than other: Self) -> Bool {
        let (a, b) = (array, other.array)
        for index in (0..<4).reversed() where a[index] != b[index] { return a[index] < b[index] }
        return false
    }

    /// self − other over 256 bits, and whether it borrowed.
    func subtracting(_ other: Self) -> (value: Self, borrow: Bool) {
        let (a, b) = (array, other.array)
        var result = [UInt64](repeating: 0, count: 4)
        var borrow = false
        for index in 0..<4 {
            let (d1, b1) = a[index].subtractingReportingOverflow(b[index])
            let (d2, b2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            result[index] = d2
            borrow = b1 || b2
        }
        return (Self(result), borrow)
    }

    /// (self + other) mod n, both below n.
    func adding(_ other: Self) -> Self {
        let (a, b) = (array, other.array)
        var result = [UInt64](repeating: 0, count: 4)
        var carry = false
        for index in 0..<4 {
            let (s1, c1) = a[index].addingReportingOverflow(b[index])
            let (s2, c2) = s1.addingReportingOverflow(carry ? 1 : 0)
            result[index] = s2
            carry = c1 || c2
        }
        let sum = Self(result)
        return carry || !sum.isLess(than: Self.order) ? sum.subtracting(Self.order).value : sum
    }

    /// self · other · R⁻¹ mod n.
    func montgomeryProduct(_ other: Self) -> Self {
        let (a, b, n) = (array, other.array, Self.order.array)
        var t = [UInt64](repeating: 0, count: 6)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = a[j].multipliedFullWidth(by: b[i])
                let (s1, c1) = t[j].addingReportingOverflow(low)
                let (s2, c2) = s1.addingReportingOverflow(carry)
                t[j] = s2
                carry = high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            let (s4, c4) = t[4].addingReportingOverflow(carry)
            t[4] = s4
            t[5] = c4 ? 1 : 0
            let m = t[0] &* Self.montgomeryFactor
            let (high0, low0) = m.multipliedFullWidth(by: n[0])
            let (_, c0) = t[0].addingReportingOverflow(low0)
            carry = high0 &+ (c0 ? 1 : 0)
            for j in 1..<4 {
                let (high, low) = m.multipliedFullWidth(by: n[j])
                let (s1, c1) = t[j].addingReportingOverflow(low)
                let (s2, c2) = s1.addingReportingOverflow(carry)
                t[j - 1] = s2
                carry = high &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            let (s3, c3) = t[4].addingReportingOverflow(carry)
            t[3] = s3
            t[4] = t[5] &+ (c3 ? 1 : 0)
            t[5] = 0
        }
        let result = Self(Array(t[0..<4]))
        return t[4] != 0 || !result.isLess(than: Self.order) ? result.subtracting(Self.order).value : result
    }

    /// (self · other) mod n.
    func multiplied(by other: Self) -> Self {
        montgomeryProduct(other).montgomeryProduct(Self.montgomerySquare)
    }

    /// self⁻¹ mod n by Fermat's little theorem (n is prime): self^(n−2).
    func inverse() -> Self {
        let exponent = Self.order.subtracting(Self(limbs: (2, 0, 0, 0))).value.array
        var result = Self.one.montgomeryProduct(Self.montgomerySquare)
        let base = montgomeryProduct(Self.montgomerySquare)
        for index in (0..<4).reversed() {
            for bit in (0..<64).reversed() {
                result = result.montgomeryProduct(result)
                if exponent[index] >> UInt64(bit) & 1 == 1 { result = result.montgomeryProduct(base) }
            }
        }
        return result.montgomeryProduct(.one)
    }
}
