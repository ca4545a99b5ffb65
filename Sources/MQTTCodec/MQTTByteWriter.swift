/// Builds a packet body field by field, refusing what the wire cannot carry.
struct MQTTByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ other: [UInt8]) { bytes += other }

    /// Two Byte Integer, big-endian (§1.5.2).
    mutating func uint16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }

    /// Four Byte Integer, big-endian (v5 §1.5.3).
    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Variable Byte Integer (v5 §1.5.5).
    mutating func variableByteInteger(_ value: Int) throws(MQTTEncodingError) {
        guard let encoded = VariableByteInteger.encode(value) else { throw .packetTooLarge(value) }
        bytes += encoded
    }

    /// Binary Data: two-byte length, then the bytes (v5 §1.5.6).
    mutating func binary(_ value: [UInt8], _ field: String) throws(MQTTEncodingError) {
        guard value.count <= 0xFFFF else { throw .fieldTooLong(field) }
        uint16(UInt16(value.count))
        bytes += value
    }

    /// UTF-8 Encoded String: two-byte length, then the UTF-8 bytes, never U+0000 (§1.5.3; v5 §1.5.4).
    mutating func string(_ value: String, _ field: String) throws(MQTTEncodingError) {
        let utf8 = Array(value.utf8)
        guard utf8.count <= 0xFFFF else { throw .fieldTooLong(field) }
        guard !utf8.contains(0) else { throw .nullCharacter(field) }
        uint16(UInt16(utf8.count))
        bytes += utf8
    }

    mutating func packetIdentifier(_ identifier: UInt16, _ packet: MQTTPacketType) throws(MQTTEncodingError) {
        guard identifier != 0 else { throw .zeroPacketIdentifier(packet) }
        uint16(identifier)
    }

    /// The fixed header (§2.2): type and flags, then the Remaining Length, then the body.
    static func frame(_ type: MQTTPacketType, flags: UInt8 = 0, body: [UInt8]) throws(MQTTEncodingError) -> [UInt8] {
        guard let length = VariableByteInteger.encode(body.count) else { throw .packetTooLarge(body.count) }
        return [type.rawValue << 4 | (flags & 0x0F)] + length + body
    }
}
