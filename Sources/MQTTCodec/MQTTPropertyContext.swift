/// Where a property block sits (MQTT 5 §2.2.2): in a packet's variable header, or in the Will Properties of
/// a CONNECT payload (§3.1.3.2). Which identifiers are allowed depends on it (§2.2.2.2 table 2-4).
public enum MQTTPropertyContext: Sendable, Hashable, CustomStringConvertible {
    case packet(MQTTPacketType)
    /// The Will Properties of CONNECT (§3.1.3.2).
    case will

    public var description: String {
        switch self {
        case .packet(let type): type.description
        case .will: "will"
        }
    }
}
