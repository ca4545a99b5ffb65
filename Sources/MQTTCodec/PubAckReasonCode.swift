/// The PUBACK Reason Codes of MQTT 5 (§3.4.2.1 table 3-4).
public enum PubAckReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case success = 0x00
    case noMatchingSubscribers = 0x10
    case unspecifiedError = 0x80
    case implementationSpecificError = 0x83
    case notAuthorized = 0x87
    case topicNameInvalid = 0x90
    case packetIdentifierInUse = 0x91
    case quotaExceeded = 0x97
    case payloadFormatInvalid = 0x99

    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Success") }
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }

    /// One line on what the code means, after table 3-4.
    public var explanation: String {
        switch self {
        case .success: "The message is accepted."
        case .noMatchingSubscribers: "The message is accepted but there are no subscribers."
        case .unspecifiedError: "The receiver does not accept the publish and will not say why."
        case .implementationSpecificError: "The PUBLISH is valid but the receiver is not willing to accept it."
        case .notAuthorized: "The PUBLISH is not authorized."
        case .topicNameInvalid: "The topic name is well formed but not accepted."
        case .packetIdentifierInUse: "The packet identifier is already in use."
        case .quotaExceeded: "An implementation or administrative limit has been exceeded."
        case .payloadFormatInvalid: "The payload does not match its Payload Format Indicator."
        }
    }
}
