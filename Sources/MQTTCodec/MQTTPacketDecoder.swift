/// Frames packets out of a byte stream (MQTT 3.1.1 §2.2; MQTT 5 §2.1): bytes go in as they arrive, whole
/// packets come out. Memory is bounded by `maximumPacketSize`, so a peer sending megabytes of junk gets an
/// error as soon as its length is known. CONNACK, DISCONNECT and most other packets differ between 3.x and
/// 5, so the decoder decodes for one `protocolVersion` (CONNECT names its own version).
///
/// After an error the stream is not MQTT any more; the decoder keeps throwing and the connection should
/// be closed.
public struct MQTTPacketDecoder: Sendable {
    public let maximumPacketSize: Int
    /// The version packets are decoded for; after a CONNECT/CONNACK exchange it may be changed.
    public var protocolVersion: MQTTProtocolVersion
    private var buffer: [UInt8] = []

    public init(maximumPacketSize: Int = 1 << 20, protocolVersion: MQTTProtocolVersion = .v3_1_1) {
        self.maximumPacketSize = maximumPacketSize
        self.protocolVersion = protocolVersion
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
        guard let packetType = MQTTPacketType(rawValue: type), packetType != .auth || protocolVersion.hasProperties
        else {
            throw .reservedPacketType(type)
        }
        try MQTTPacket.checkFlags(packetType, flags: flags)
        guard let (length, lengthBytes) = try VariableByteInteger.decode(buffer.dropFirst()) else {
            return nil
        }
        // MQTT 5 [MQTT-1.5.5-1]: the shortest encoding; 3.1.1 §2.2.3 does not say so.
        if protocolVersion.hasProperties && lengthBytes > 1 && buffer[lengthBytes] == 0 {
            throw .nonMinimalVariableByteInteger(field: "remaining length")
        }
        let total = 1 + lengthBytes + length
        guard total <= maximumPacketSize else { throw .packetTooLarge(total) }
        guard buffer.count >= total else { return nil }
        let body = Array(buffer[(1 + lengthBytes)..<total])
        buffer.removeFirst(total)
        return try MQTTPacket(type: type, flags: flags, body: body, protocolVersion: protocolVersion)
    }
}
