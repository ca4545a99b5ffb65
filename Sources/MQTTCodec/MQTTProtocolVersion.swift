/// The protocol name and level a CONNECT announces (MQTT 3.1.1 §3.1.2.1, §3.1.2.2).
public enum MQTTProtocolVersion: Sendable, Equatable, CaseIterable {
    /// MQTT 3.1: name "MQIsdp", level 3.
    case v3_1
    /// MQTT 3.1.1: name "MQTT", level 4.
    case v3_1_1
    /// MQTT 5: name "MQTT", level 5.
    case v5

    public var protocolName: String { self == .v3_1 ? "MQIsdp" : "MQTT" }

    public var level: UInt8 {
        switch self {
        case .v3_1: 3
        case .v3_1_1: 4
        case .v5: 5
        }
    }

    public var displayName: String {
        switch self {
        case .v3_1: "3.1"
        case .v3_1_1: "3.1.1"
        case .v5: "5"
        }
    }
}
