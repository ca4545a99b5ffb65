/// The Remaining Length encoding, 7 bits a byte, least significant first (MQTT 3.1.1 §2.2.3); MQTT 5 calls
/// it Variable Byte Integer and uses it for property lengths and Subscription Identifiers too (§1.5.5).
public enum VariableByteInteger {
    public static let maximum = 268_435_455

    /// Encodes 0...268,435,455; nil outside that range.
    public static func encode(_ value: Int) -> [UInt8]? {
        guard (0...maximum).contains(value) else { return nil }
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value % 128)
            value /= 128
            if value > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value > 0
        return bytes
    }

    /// Decodes from the start of `bytes`: the value and how many bytes it used, or nil when more bytes are
    /// needed. Throws when a fifth byte would be needed.
    public static func decode(_ bytes: some Collection<UInt8>) throws(MQTTDecodingError) -> (value: Int, length: Int)? {
        var value = 0
        var multiplier = 1
        var length = 0
        for byte in bytes {
            length += 1
            value += Int(byte & 0x7F) * multiplier
            if byte & 0x80 == 0 { return (value, length) }
            if length == 4 { throw .malformedRemainingLength }
            multiplier *= 128
        }
        return nil
    }
}
