/// The UNSUBACK Reason Codes of MQTT 5 (§3.11.3 table 3-9). 3.1.1 UNSUBACKs carry no codes.
public enum UnsubAckReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case success = 0x00
    case noSubscriptionExisted = 0x11
    case unspecifiedError = 0x80
    case implementationSpecificError = 0x83
    case notAuthorized = 0x87
    case topicFilterInvalid = 0x8F
    case packetIdentifierInUse = 0x91

    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Success") }
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }
}
