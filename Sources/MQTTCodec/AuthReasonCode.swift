/// The Authenticate Reason Codes of MQTT 5 (§3.15.2.1 table 3-11).
public enum AuthReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case success = 0x00
    case continueAuthentication = 0x18
    case reauthenticate = 0x19

    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Success") }
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }
}
