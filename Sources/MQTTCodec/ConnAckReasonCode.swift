/// The Connect Reason Codes of an MQTT 5 CONNACK (§3.2.2.2 table 3-1), in the spec's words.
public enum ConnAckReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case success = 0x00
    case unspecifiedError = 0x80
    case malformedPacket = 0x81
    case protocolError = 0x82
    case implementationSpecificError = 0x83
    case unsupportedProtocolVersion = 0x84
    case clientIdentifierNotValid = 0x85
    case badUserNameOrPassword = 0x86
    case notAuthorized = 0x87
    case serverUnavailable = 0x88
    case serverBusy = 0x89
    case banned = 0x8A
    case badAuthenticationMethod = 0x8C
    case topicNameInvalid = 0x90
    case packetTooLarge = 0x95
    case quotaExceeded = 0x97
    case payloadFormatInvalid = 0x99
    case retainNotSupported = 0x9A
    case qosNotSupported = 0x9B
    case useAnotherServer = 0x9C
    case serverMoved = 0x9D
    case connectionRateExceeded = 0x9F

    /// The name in table 3-1, e.g. "Not authorized".
    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Success") }

    /// "0x87 Not authorized".
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }

    /// One line on what the code means, after the Meaning column of table 3-1.
    public var explanation: String {
        switch self {
        case .success: "The connection is accepted."
        case .unspecifiedError: "The server does not wish to reveal the reason, or no other code applies."
        case .malformedPacket: "The server could not parse the CONNECT packet."
        case .protocolError: "The CONNECT packet does not conform to the MQTT 5 specification."
        case .implementationSpecificError: "The CONNECT is valid but this server does not accept it."
        case .unsupportedProtocolVersion: "The server does not support the MQTT version the client requested."
        case .clientIdentifierNotValid: "The client identifier is a valid string but the server does not allow it."
        case .badUserNameOrPassword: "The server does not accept the user name or password."
        case .notAuthorized: "The client is not authorized to connect."
        case .serverUnavailable: "The MQTT server is not available."
        case .serverBusy: "The server is busy; try again later."
        case .banned: "This client has been banned by administrative action."
        case .badAuthenticationMethod: "The authentication method is not supported or does not match the one in use."
        case .topicNameInvalid: "The will topic name is well formed but the server does not accept it."
        case .packetTooLarge: "The CONNECT packet exceeds the maximum size the server permits."
        case .quotaExceeded: "An implementation or administrative limit has been exceeded."
        case .payloadFormatInvalid: "The will payload does not match its Payload Format Indicator."
        case .retainNotSupported: "The server does not support retained messages, and the will asked for retain."
        case .qosNotSupported: "The server does not support the will QoS."
        case .useAnotherServer: "The client should temporarily use another server (see Server Reference)."
        case .serverMoved: "The client should permanently use another server (see Server Reference)."
        case .connectionRateExceeded: "The connection rate limit has been exceeded."
        }
    }

    /// The MQTT 3.1.1 return code with the same meaning (§3.2.2.3 table 3.1); codes 3.1.1 lacks map to
    /// `.reserved` with this code's value.
    public var returnCode: ConnectReturnCode {
        switch self {
        case .success: .accepted
        case .unsupportedProtocolVersion: .unacceptableProtocolVersion
        case .clientIdentifierNotValid: .identifierRejected
        case .serverUnavailable: .serverUnavailable
        case .badUserNameOrPassword: .badUserNameOrPassword
        case .notAuthorized: .notAuthorized
        default: .reserved(rawValue)
        }
    }
}
