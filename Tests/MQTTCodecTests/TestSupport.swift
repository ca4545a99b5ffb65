import MQTTCodec
import Testing

/// A fixed header byte, the remaining length, the body.
func frame(_ first: UInt8, _ body: [UInt8]) -> [UInt8] {
    [first] + (VariableByteInteger.encode(body.count) ?? []) + body
}

/// A UTF-8 Encoded String: two-byte length, then the bytes (3.1.1 §1.5.3, MQTT 5 §1.5.4).
func utf8(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
}

/// A property block: Variable Byte Integer length, then the properties (MQTT 5 §2.2.2).
func propertyBlock(_ properties: [UInt8]) -> [UInt8] {
    (VariableByteInteger.encode(properties.count) ?? []) + properties
}

/// The first packet in `bytes`, or nil while incomplete.
func decode(_ bytes: [UInt8], _ version: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) -> MQTTPacket? {
    var decoder = MQTTPacketDecoder(protocolVersion: version)
    decoder.append(bytes)
    return try decoder.nextPacket()
}

/// Encodes the packet, decodes the bytes, and checks nothing is left over.
func roundTrip(_ packet: MQTTPacket, _ version: MQTTProtocolVersion) throws -> MQTTPacket? {
    let bytes = try packet.encode()
    var decoder = MQTTPacketDecoder(protocolVersion: version)
    decoder.append(bytes)
    let decoded = try decoder.nextPacket()
    #expect(decoder.bufferedByteCount == 0, "\(packet) left bytes behind")
    return decoded
}
