/// Why a packet cannot be put on the wire as given. Section numbers are MQTT 3.1.1 unless marked "v5".
public enum MQTTEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A UTF-8 string or binary field longer than 65,535 bytes (§1.5.3; v5 §1.5.4, §1.5.6).
    case fieldTooLong(String)
    /// Kept for source compatibility: CONNECT used to refuse MQTT 5 with it. Nothing throws it now; AUTH,
    /// the one packet MQTT 5 adds, has no version to get wrong.
    case unsupportedVersion(MQTTProtocolVersion)
    /// Properties, a reason code or subscription options other than the defaults, on a 3.1/3.1.1 packet.
    case requiresMQTT5(String)
    /// A string containing U+0000 (§1.5.3 [MQTT-1.5.3-2]; v5 §1.5.4 [MQTT-1.5.4-2]).
    case nullCharacter(String)
    /// A password without a user name, which 3.1 and 3.1.1 cannot carry (§3.1.2.9 [MQTT-3.1.2-22]).
    case passwordWithoutUsername
    /// Packet Identifier 0 (§2.3.1 [MQTT-2.3.1-1]; v5 §2.2.1).
    case zeroPacketIdentifier(MQTTPacketType)
    /// A Remaining Length or other Variable Byte Integer above 268,435,455 (§2.2.3; v5 §1.5.5).
    case packetTooLarge(Int)
    /// A Topic Name or Topic Filter that breaks §4.7.
    case invalidTopic(field: String, reason: String)
    /// SUBSCRIBE, UNSUBSCRIBE, SUBACK or UNSUBACK with nothing in its payload (§3.8.3, §3.10.3).
    case emptyPayload(MQTTPacketType)
    /// A property the packet may not carry (v5 §2.2.2.2 table 2-4).
    case propertyNotAllowed(MQTTPropertyIdentifier, context: MQTTPropertyContext)
    /// A property that may appear once, given twice (v5 §3).
    case duplicateProperty(MQTTPropertyIdentifier, context: MQTTPropertyContext)
    /// A property value the spec forbids, e.g. Receive Maximum 0 (v5 §3.1.2.11.3).
    case invalidPropertyValue(MQTTPropertyIdentifier, reason: String)
    /// A raw packet (`MQTTPacket.other`) whose type or flags the spec does not allow (§2.2.1, §2.2.2).
    case invalidFixedHeaderFlags(type: UInt8, flags: UInt8)
    /// Any other rule of the packet's section, e.g. a QoS 1 PUBLISH without a packet identifier (§3.3.2.2).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .fieldTooLong(let field): "\(field) is longer than 65535 bytes"
        case .unsupportedVersion(let version): "this packet does not exist in MQTT \(version.displayName)"
        case .requiresMQTT5(let what): "\(what) needs MQTT 5"
        case .nullCharacter(let field): "\(field) contains the null character U+0000"
        case .passwordWithoutUsername: "MQTT 3.1.1 cannot send a password without a user name"
        case .zeroPacketIdentifier(let packet): "\(packet) with packet identifier 0"
        case .packetTooLarge(let size): "\(size) bytes exceed the largest remaining length, 268435455"
        case .invalidTopic(let field, let reason): "\(field) is invalid: \(reason)"
        case .emptyPayload(let packet): "\(packet) needs at least one entry"
        case .propertyNotAllowed(let identifier, let context): "\(context) may not carry the \(identifier) property"
        case .duplicateProperty(let identifier, let context): "\(context) may carry \(identifier) only once"
        case .invalidPropertyValue(let identifier, let reason): "invalid \(identifier): \(reason)"
        case .invalidFixedHeaderFlags(let type, let flags):
            "packet type \(type) with invalid flags 0x\(String(flags, radix: 16))"
        case .protocolViolation(let reason): reason
        }
    }
}
