/// Why bytes from a peer are not a well-formed MQTT packet. One line each, for a person.
public enum MQTTDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Remaining Length used more than 4 bytes (MQTT 3.1.1 §2.2.3).
    case malformedRemainingLength
    /// The packet announces more bytes than this decoder accepts.
    case packetTooLarge(Int)
    /// Packet type 0 or 15 is reserved in MQTT 3.1.1 (§2.2.1).
    case reservedPacketType(UInt8)
    /// The fixed-header flags are not those the spec fixes for this type (§2.2.2).
    case invalidFixedHeaderFlags(type: UInt8, flags: UInt8)
    /// A CONNACK that breaks §3.2.
    case malformedConnAck(String)

    public var description: String {
        switch self {
        case .malformedRemainingLength: "malformed remaining length (more than 4 bytes)"
        case .packetTooLarge(let size): "packet of \(size) bytes exceeds the limit"
        case .reservedPacketType(let type): "reserved packet type \(type)"
        case .invalidFixedHeaderFlags(let type, let flags): "packet type \(type) with invalid flags 0x\(String(flags, radix: 16))"
        case .malformedConnAck(let reason): "malformed CONNACK: \(reason)"
        }
    }
}
