/// The protocol name and level a CONNECT announces (MQTT 3.1.1 §3.1.2.1, §3.1.2.2; MQTT 5 §3.1.2.1, §3.1.2.2).
public enum MQTTProtocolVersion: Sendable, Equatable, CaseIterable {
    /// MQTT 3.1: name "MQIsdp", level 3.
    case v3_1
    /// MQTT 3.1.1: name "MQTT", level 4.
    case v3_1_1
    /// MQTT 5: name "MQTT", level 5.
    case v5

    /// The version a CONNECT's protocol name and level announce, or nil for any other pair.
    public init?(protocolName: String, level: UInt8) {
        guard let version = Self.allCases.first(where: { $0.protocolName == protocolName && $0.level == level }) else {
            return nil
        }
        self = version
    }

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

    /// MQTT 5 packets carry properties and reason codes; 3.1 and 3.1.1 packets do not.
    var hasProperties: Bool { self == .v5 }
}
