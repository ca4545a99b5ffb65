/// The control packet types, the high nibble of the first byte (MQTT 3.1.1 §2.2.1 table 2.1, MQTT 5 §2.1.2
/// table 2-1). 0 is reserved in every version; 15 is reserved before MQTT 5, where it is AUTH.
public enum MQTTPacketType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case connect = 1
    case connAck = 2
    case publish = 3
    case pubAck = 4
    case pubRec = 5
    case pubRel = 6
    case pubComp = 7
    case subscribe = 8
    case subAck = 9
    case unsubscribe = 10
    case unsubAck = 11
    case pingReq = 12
    case pingResp = 13
    case disconnect = 14
    /// MQTT 5 only (§3.15).
    case auth = 15

    /// The name the specification uses, e.g. "CONNACK".
    public var description: String {
        switch self {
        case .connect: "CONNECT"
        case .connAck: "CONNACK"
        case .publish: "PUBLISH"
        case .pubAck: "PUBACK"
        case .pubRec: "PUBREC"
        case .pubRel: "PUBREL"
        case .pubComp: "PUBCOMP"
        case .subscribe: "SUBSCRIBE"
        case .subAck: "SUBACK"
        case .unsubscribe: "UNSUBSCRIBE"
        case .unsubAck: "UNSUBACK"
        case .pingReq: "PINGREQ"
        case .pingResp: "PINGRESP"
        case .disconnect: "DISCONNECT"
        case .auth: "AUTH"
        }
    }

    /// The fixed-header flags the type must carry (3.1.1 §2.2.2 table 2.2, MQTT 5 §2.1.3 table 2-2), or nil
    /// for PUBLISH, whose flags are DUP, QoS and RETAIN.
    public var requiredFlags: UInt8? {
        switch self {
        case .publish: nil
        case .pubRel, .subscribe, .unsubscribe: 0x2
        default: 0x0
        }
    }
}
