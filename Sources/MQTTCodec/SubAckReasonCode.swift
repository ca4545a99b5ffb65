/// SUBACK codes: the return codes of MQTT 3.1.1 (§3.9.3: 0x00, 0x01, 0x02, 0x80 Failure) and the reason
/// codes of MQTT 5 (§3.9.3 table 3-8).
public enum SubAckReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case grantedQoS0 = 0x00
    case grantedQoS1 = 0x01
    case grantedQoS2 = 0x02
    /// "Failure" in 3.1.1.
    case unspecifiedError = 0x80
    case implementationSpecificError = 0x83
    case notAuthorized = 0x87
    case topicFilterInvalid = 0x8F
    case packetIdentifierInUse = 0x91
    case quotaExceeded = 0x97
    case sharedSubscriptionsNotSupported = 0x9E
    case subscriptionIdentifiersNotSupported = 0xA1
    case wildcardSubscriptionsNotSupported = 0xA2

    /// The codes 3.1 and 3.1.1 define.
    public var existsBeforeMQTT5: Bool { rawValue <= 0x02 || self == .unspecifiedError }

    /// The QoS granted, or nil for a failure.
    public var grantedQoS: MQTTQoS? { MQTTQoS(rawValue: rawValue) }

    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Granted QoS 0") }
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }

    /// One line on what the code means, after table 3-8.
    public var explanation: String {
        switch self {
        case .grantedQoS0, .grantedQoS1, .grantedQoS2: "The subscription is accepted with this maximum QoS."
        case .unspecifiedError: "The subscription is not accepted and the server does not say why."
        case .implementationSpecificError: "The SUBSCRIBE is valid but the server does not accept it."
        case .notAuthorized: "The client is not authorized to make this subscription."
        case .topicFilterInvalid: "The topic filter is well formed but not allowed for this client."
        case .packetIdentifierInUse: "The packet identifier is already in use."
        case .quotaExceeded: "An implementation or administrative limit has been exceeded."
        case .sharedSubscriptionsNotSupported: "The server does not support shared subscriptions for this client."
        case .subscriptionIdentifiersNotSupported: "The server does not support subscription identifiers."
        case .wildcardSubscriptionsNotSupported: "The server does not support wildcard subscriptions."
        }
    }
}
