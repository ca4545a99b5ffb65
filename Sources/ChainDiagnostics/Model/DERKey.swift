/// A certificate's DER encoding as a set or dictionary key. Equality compares every byte; the hash takes the
/// length and the last 32 bytes, which fall in the signature and differ between any two certificates, so
/// hashing a bundle of thousands does not feed every byte of every certificate to the hasher.
public struct DERKey: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.suffix(32).withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The distinct encodings, in their first order.
    public static func distinct(_ encodings: [[UInt8]]) -> [[UInt8]] {
        var seen: Set<DERKey> = []
        return encodings.filter { seen.insert(DERKey($0)).inserted }
    }
}
