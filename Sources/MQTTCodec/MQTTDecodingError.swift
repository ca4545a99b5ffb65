/// Why bytes from a peer are not a well-formed MQTT packet. One line each, for a person. Section numbers
/// are MQTT 3.1.1 (2014) unless marked "v5" (MQTT 5.0, 2019).
public enum MQTTDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Remaining Length used more than 4 bytes (§2.2.3; v5 §1.5.5).
    case malformedRemainingLength
    /// The packet announces more bytes than this decoder accepts.
    case packetTooLarge(Int)
    /// Packet type 0, or 15 before MQTT 5 (§2.2.1; v5 §2.1.2).
    case reservedPacketType(UInt8)
    /// The fixed-header flags are not those the spec fixes for this type (§2.2.2), including PUBLISH with
    /// QoS 3 (§3.3.1.2) or DUP set at QoS 0 (§3.3.1.1).
    case invalidFixedHeaderFlags(type: UInt8, flags: UInt8)
    /// A CONNACK that breaks §3.2 (v5 §3.2).
    case malformedConnAck(String)
    /// A field, or a length prefix, runs past the end of the packet or of its property block.
    case pastEndOfPacket(field: String, needed: Int, available: Int)
    /// Bytes left after the last field the packet type defines.
    case trailingBytes(packet: MQTTPacketType, count: Int)
    /// A Variable Byte Integer inside a packet needs more than 4 bytes (v5 §1.5.5).
    case malformedVariableByteInteger(field: String)
    /// A Variable Byte Integer not in its shortest form (v5 §1.5.5, [MQTT-1.5.5-1]).
    case nonMinimalVariableByteInteger(field: String)
    /// A string that is not well-formed UTF-8, e.g. a surrogate or an overlong form (§1.5.3 [MQTT-1.5.3-1];
    /// v5 §1.5.4 [MQTT-1.5.4-1]).
    case invalidUTF8(field: String)
    /// A string containing U+0000 (§1.5.3 [MQTT-1.5.3-2]; v5 §1.5.4 [MQTT-1.5.4-2]).
    case nullCharacter(field: String)
    /// Bits the spec reserves are set, e.g. CONNECT flag bit 0 (§3.1.2.3) or SUBSCRIBE option bits
    /// (§3.8.3.1; v5 §3.8.3.1).
    case reservedBitsSet(field: String, value: UInt8)
    /// Packet Identifier 0 (§2.3.1 [MQTT-2.3.1-1]; v5 §2.2.1).
    case zeroPacketIdentifier(MQTTPacketType)
    /// A QoS field holding 3 (§4.3; v5 §4.3).
    case invalidQoS(field: String, value: UInt8)
    /// A CONNECT protocol name and level that name no known version (§3.1.2.1, §3.1.2.2).
    case unsupportedProtocol(name: String, level: UInt8)
    /// A return or reason code the packet type does not define (§3.9.3; v5 §2.4 table 2-6).
    case invalidReasonCode(UInt8, packet: MQTTPacketType)
    /// A Topic Name or Topic Filter that breaks §4.7 (wildcards, empty topic, misplaced '#').
    case invalidTopic(field: String, reason: String)
    /// SUBSCRIBE, UNSUBSCRIBE, SUBACK or UNSUBACK without a single entry in its payload (§3.8.3, §3.10.3).
    case emptyPayload(MQTTPacketType)
    /// A property identifier MQTT 5 does not define (v5 §2.2.2.2).
    case unknownProperty(identifier: Int, context: MQTTPropertyContext)
    /// A defined property identifier in a packet that may not carry it (v5 §2.2.2.2 table 2-4).
    case propertyNotAllowed(MQTTPropertyIdentifier, context: MQTTPropertyContext)
    /// A property that may appear once appears again (a Protocol Error, stated per property in v5 §3).
    case duplicateProperty(MQTTPropertyIdentifier, context: MQTTPropertyContext)
    /// A property value the spec forbids, e.g. Receive Maximum 0 (v5 §3.1.2.11.3) or Maximum QoS 2
    /// (v5 §3.2.2.3.4).
    case invalidPropertyValue(MQTTPropertyIdentifier, reason: String)
    /// Any other rule of the packet's section, e.g. a password without a user name (§3.1.2.9).
    case protocolViolation(packet: MQTTPacketType, reason: String)

    public var description: String {
        switch self {
        case .malformedRemainingLength: "malformed remaining length (more than 4 bytes)"
        case .packetTooLarge(let size): "packet of \(size) bytes exceeds the limit"
        case .reservedPacketType(let type): "reserved packet type \(type)"
        case .invalidFixedHeaderFlags(let type, let flags):
            "packet type \(type) with invalid flags 0x\(String(flags, radix: 16))"
        case .malformedConnAck(let reason): "malformed CONNACK: \(reason)"
        case .pastEndOfPacket(let field, let needed, let available):
            "\(field) needs \(needed) bytes but only \(available) remain"
        case .trailingBytes(let packet, let count): "\(count) unexpected bytes after the end of \(packet)"
        case .malformedVariableByteInteger(let field): "\(field): variable byte integer longer than 4 bytes"
        case .nonMinimalVariableByteInteger(let field): "\(field): variable byte integer not in its shortest form"
        case .invalidUTF8(let field): "\(field) is not well-formed UTF-8"
        case .nullCharacter(let field): "\(field) contains the null character U+0000"
        case .reservedBitsSet(let field, let value): "\(field) 0x\(String(value, radix: 16)) sets reserved bits"
        case .zeroPacketIdentifier(let packet): "\(packet) with packet identifier 0"
        case .invalidQoS(let field, let value): "\(field) is \(value), not a QoS level"
        case .unsupportedProtocol(let name, let level): "unknown protocol \"\(name)\" level \(level)"
        case .invalidReasonCode(let code, let packet): "\(packet) does not define code 0x\(String(code, radix: 16))"
        case .invalidTopic(let field, let reason): "\(field) is invalid: \(reason)"
        case .emptyPayload(let packet): "\(packet) without any entry in its payload"
        case .unknownProperty(let identifier, let context):
            "\(context) carries unknown property identifier \(identifier)"
        case .propertyNotAllowed(let identifier, let context): "\(context) may not carry the \(identifier) property"
        case .duplicateProperty(let identifier, let context): "\(context) carries \(identifier) more than once"
        case .invalidPropertyValue(let identifier, let reason): "invalid \(identifier): \(reason)"
        case .protocolViolation(let packet, let reason): "\(packet) breaks the protocol: \(reason)"
        }
    }
}
