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

/// A small deterministic generator so the fuzz rounds are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
