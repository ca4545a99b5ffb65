/// A cursor over one packet body. Every read checks the bounds before it indexes, and every length comes
/// from at most 4 bytes, so no input can make it trap or overflow.
struct MQTTByteReader {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], index: Int, end: Int) {
        self.bytes = bytes
        self.index = index
        self.end = end
    }

    var remainingCount: Int { end - index }
    var isAtEnd: Bool { index >= end }

    mutating func take(_ count: Int, _ field: String) throws(MQTTDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remainingCount else {
            throw .pastEndOfPacket(field: field, needed: count, available: remainingCount)
        }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    /// The next `count` bytes as a reader of their own, e.g. a property block (v5 §2.2.2).
    mutating func subReader(count: Int, _ field: String) throws(MQTTDecodingError) -> MQTTByteReader {
        let start = index
        _ = try take(count, field)
        return MQTTByteReader(bytes: bytes, index: start, end: index)
    }

    mutating func byte(_ field: String) throws(MQTTDecodingError) -> UInt8 {
        guard index < end else { throw .pastEndOfPacket(field: field, needed: 1, available: 0) }
        defer { index += 1 }
        return bytes[index]
    }

    /// Two Byte Integer, big-endian (§1.5.2; v5 §1.5.2).
    mutating func uint16(_ field: String) throws(MQTTDecodingError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    /// Four Byte Integer, big-endian (v5 §1.5.3).
    mutating func uint32(_ field: String) throws(MQTTDecodingError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Variable Byte Integer in its shortest form (v5 §1.5.5).
    mutating func variableByteInteger(_ field: String) throws(MQTTDecodingError) -> Int {
        var value = 0
        var multiplier = 1
        for position in 0..<4 {
            let byte = try self.byte(field)
            value += Int(byte & 0x7F) * multiplier
            if byte & 0x80 == 0 {
                if position > 0 && byte == 0 { throw .nonMinimalVariableByteInteger(field: field) }
                return value
            }
            multiplier *= 128
        }
        throw .malformedVariableByteInteger(field: field)
    }

    /// Binary Data: two-byte length, then the bytes (§1.5.3 for 3.1.1 passwords and will messages; v5 §1.5.6).
    mutating func binary(_ field: String) throws(MQTTDecodingError) -> [UInt8] {
        let length = try uint16(field + " length")
        return Array(try take(Int(length), field))
    }

    /// UTF-8 Encoded String: well-formed UTF-8 without U+0000 (§1.5.3; v5 §1.5.4).
    mutating func string(_ field: String) throws(MQTTDecodingError) -> String {
        let length = try uint16(field + " length")
        let slice = try take(Int(length), field)
        if slice.contains(0) { throw .nullCharacter(field: field) }
        guard Self.isWellFormedUTF8(slice) else { throw .invalidUTF8(field: field) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A Packet Identifier, which is never 0 (§2.3.1 [MQTT-2.3.1-1]; v5 §2.2.1).
    mutating func packetIdentifier(_ packet: MQTTPacketType) throws(MQTTDecodingError) -> UInt16 {
        let identifier = try uint16("\(packet) packet identifier")
        guard identifier != 0 else { throw .zeroPacketIdentifier(packet) }
        return identifier
    }

    mutating func rest() -> [UInt8] {
        defer { index = end }
        return Array(bytes[index..<end])
    }

    func expectEnd(_ packet: MQTTPacketType) throws(MQTTDecodingError) {
        guard isAtEnd else { throw .trailingBytes(packet: packet, count: remainingCount) }
    }

    /// The standard library's UTF-8 parser rejects overlong forms, surrogates and values past U+10FFFF.
    static func isWellFormedUTF8(_ bytes: some Sequence<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
