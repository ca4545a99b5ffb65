/// Frames packets out of a byte stream (MQTT 3.1.1 §2.2): bytes go in as they arrive, whole packets come
/// out. Memory is bounded by `maximumPacketSize`, so a peer sending megabytes of junk gets an error.
public struct MQTTPacketDecoder: Sendable {
    public let maximumPacketSize: Int
    private var buffer: [UInt8] = []

    public init(maximumPacketSize: Int = 1 << 20) {
        self.maximumPacketSize = maximumPacketSize
    }

    /// Bytes waiting for the rest of their packet.
    public var bufferedByteCount: Int { buffer.count }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole packet, or nil while more bytes are needed.
    public mutating func nextPacket() throws(MQTTDecodingError) -> MQTTPacket? {
        guard let first = buffer.first else { return nil }
        let type = first >> 4
        let flags = first & 0x0F
        guard type != 0 && type != 15 else { throw .reservedPacketType(type) }
        try Self.checkFlags(type: type, flags: flags)
        guard let (length, lengthBytes) = try VariableByteInteger.decode(buffer.dropFirst()) else {
            return nil
        }
        let total = 1 + lengthBytes + length
        guard total <= maximumPacketSize else { throw .packetTooLarge(total) }
        guard buffer.count >= total else { return nil }
        let body = Array(buffer[(1 + lengthBytes)..<total])
        buffer.removeFirst(total)
        if type == 2 { return .connAck(try ConnAckPacket(body: body)) }
        return .other(type: type, flags: flags, body: body)
    }

    /// §2.2.2 table 2.2: the flags each packet type must carry (PUBLISH's are free).
    static func checkFlags(type: UInt8, flags: UInt8) throws(MQTTDecodingError) {
        let required: UInt8?
        switch type {
        case 3: required = nil
        case 6, 8, 10: required = 0x2
        default: required = 0x0
        }
        if let required, flags != required { throw .invalidFixedHeaderFlags(type: type, flags: flags) }
    }
}
