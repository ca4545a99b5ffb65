/// The few string operations chaindoctor took from Foundation's NSString bridge (find, replace, trim), written
/// on the standard library so that the executable links FoundationEssentials only: full Foundation brought ICU and
/// CoreFoundation, 50 MB of binary and a quarter of the protocol conformances the Swift runtime scans at each first
/// dynamic cast (Benchmarks/README.md).
extension StringProtocol {
    /// The first occurrence of `needle` within `bounds` (the whole string by default), matched on UTF-8 as
    /// NSString's `.literal` search matches UTF-16: "\n" is found inside "\r\n", "é" is not "e\u{301}". Nil for an
    /// empty needle. Inlinable, so that each caller gets it specialized for its String or Substring.
    @inlinable
    public func find(_ needle: some StringProtocol, in bounds: Range<Index>? = nil) -> Range<Index>? {
        let bounds = bounds ?? startIndex..<endIndex
        let haystack = utf8[bounds]
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, pattern.count <= haystack.count else { return nil }
        var start = haystack.startIndex
        while let candidate = haystack[start...].firstIndex(of: first) {
            guard let end = utf8.index(candidate, offsetBy: pattern.count, limitedBy: bounds.upperBound) else {
                return nil
            }
            if haystack[candidate..<end].elementsEqual(pattern) { return candidate..<end }
            start = utf8.index(after: candidate)
        }
        return nil
    }

    /// Whether `needle` occurs, matched on UTF-8 as `find` matches. The standard library's `contains(_:)` for a
    /// string needle (from _StringProcessing) builds a skip table, a `Dictionary<Character, Int>`, at every call.
    @inlinable
    public func includes(_ needle: some StringProtocol) -> Bool {
        find(needle) != nil
    }

    /// Whether `needle` occurs, ignoring case.
    @inlinable
    public func containsIgnoringCase(_ needle: some StringProtocol) -> Bool {
        lowercased().find(needle.lowercased()) != nil
    }

    /// Every occurrence of `needle` replaced by `replacement`, left to right, without overlaps.
    @inlinable
    public func replacingAll(of needle: some StringProtocol, with replacement: some StringProtocol) -> String {
        var result = ""
        var rest = startIndex..<endIndex
        while let found = find(needle, in: rest) {
            result += self[rest.lowerBound..<found.lowerBound]
            result += replacement
            rest = found.upperBound..<endIndex
        }
        result += self[rest]
        return result
    }

    /// The string without the leading and trailing Unicode scalars of `set` (NSString's `trimmingCharacters(in:)`).
    @inlinable
    public func trimming(_ set: CharacterClass) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
            let last = scalars.lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(decoding: utf8[first..<scalars.index(after: last)], as: UTF8.self)
    }
}

/// A set of Unicode scalars to trim: Foundation's whitespace classes, or the scalars of a literal.
public struct CharacterClass: Sendable, ExpressibleByStringLiteral {
    private let test: @Sendable (Unicode.Scalar) -> Bool

    public init(_ test: @escaping @Sendable (Unicode.Scalar) -> Bool) { self.test = test }

    public init(stringLiteral characters: String) {
        let members = Set(characters.unicodeScalars)
        test = { members.contains($0) }
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool { test(scalar) }

    public func union(_ other: CharacterClass) -> CharacterClass { CharacterClass { test($0) || other.test($0) } }

    /// Tab and the space separators, not line ends (Foundation's `.whitespaces`).
    public static let whitespaces = CharacterClass { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    /// Those and the line ends (Foundation's `.whitespacesAndNewlines`).
    public static let whitespacesAndNewlines = CharacterClass {
        whitespaces.contains($0) || (0x0A...0x0D).contains($0.value) || [0x85, 0x2028, 0x2029].contains($0.value)
    }
}

extension String {
    /// Cut or padded with spaces to exactly `length` characters (NSString's `padding(toLength:withPad: " ", …)`).
    public func padded(to length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }

    /// `value` with exactly `decimals` digits after the point, as `String(format: "%.4f")` writes it (an exact tie
    /// rounds to even); a value within one unit in the last place of a tie may round the other way.
    public init(_ value: Double, decimals: Int) {
        precondition((0...9).contains(decimals), "decimals: 0 to 9")
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrEven)
        // Past 2^53 a Double has no fractional digits left to show; nan and infinity print as they are.
        guard value.isFinite, scaled < 9_007_199_254_740_992 else {
            self = "\(value)"
            return
        }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        var text = value.sign == .minus ? "-" : ""
        text += String(units / divisor)
        if decimals > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        self = text
    }
}

extension StringProtocol {
    /// "%2F" → "/": nil when a % is not followed by two hex digits or the bytes are not UTF-8, as Foundation's
    /// `removingPercentEncoding`.
    public var percentDecoded: String? {
        var bytes: [UInt8] = []
        var utf8 = self.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next().flatMap(Self.hexValue), let low = utf8.next().flatMap(Self.hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
