/// The Disconnect Reason Codes of MQTT 5 (§3.14.2.1 table 3-10).
public enum DisconnectReasonCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case normalDisconnection = 0x00
    case disconnectWithWillMessage = 0x04
    case unspecifiedError = 0x80
    case malformedPacket = 0x81
    case protocolError = 0x82
    case implementationSpecificError = 0x83
    case notAuthorized = 0x87
    case serverBusy = 0x89
    case serverShuttingDown = 0x8B
    case keepAliveTimeout = 0x8D
    case sessionTakenOver = 0x8E
    case topicFilterInvalid = 0x8F
    case topicNameInvalid = 0x90
    case receiveMaximumExceeded = 0x93
    case topicAliasInvalid = 0x94
    case packetTooLarge = 0x95
    case messageRateTooHigh = 0x96
    case quotaExceeded = 0x97
    case administrativeAction = 0x98
    case payloadFormatInvalid = 0x99
    case retainNotSupported = 0x9A
    case qosNotSupported = 0x9B
    case useAnotherServer = 0x9C
    case serverMoved = 0x9D
    case sharedSubscriptionsNotSupported = 0x9E
    case connectionRateExceeded = 0x9F
    case maximumConnectTime = 0xA0
    case subscriptionIdentifiersNotSupported = 0xA1
    case wildcardSubscriptionsNotSupported = 0xA2

    public var name: String { MQTTReasonCodeNames.name(rawValue, zero: "Normal disconnection") }
    public var description: String { MQTTReasonCodeNames.describe(rawValue, name) }

    /// One line on what the code means when a server sends it, after table 3-10.
    public var explanation: String {
        switch self {
        case .normalDisconnection: "The connection is closed normally; the will is not sent."
        case .disconnectWithWillMessage: "The client disconnects but wants its will message published."
        case .unspecifiedError: "The connection is closed and the sender does not say why."
        case .malformedPacket: "The sender received a packet it could not parse."
        case .protocolError: "The sender received a packet that breaks the protocol or is unexpected."
        case .implementationSpecificError: "A valid packet was received but the sender cannot process it."
        case .notAuthorized: "The request is not authorized."
        case .serverBusy: "The server is busy and cannot continue with this client."
        case .serverShuttingDown: "The server is shutting down."
        case .keepAliveTimeout: "Nothing was received for 1.5 times the keep alive."
        case .sessionTakenOver: "Another connection with the same client identifier took over the session."
        case .topicFilterInvalid: "A topic filter is well formed but the server does not accept it."
        case .topicNameInvalid: "A topic name is well formed but not accepted."
        case .receiveMaximumExceeded: "More unacknowledged publications arrived than Receive Maximum allows."
        case .topicAliasInvalid: "A Topic Alias was 0 or above the Topic Alias Maximum."
        case .packetTooLarge: "A packet exceeded the maximum packet size."
        case .messageRateTooHigh: "The received data rate is too high."
        case .quotaExceeded: "An implementation or administrative limit has been exceeded."
        case .administrativeAction: "The connection is closed by administrative action."
        case .payloadFormatInvalid: "A payload does not match its Payload Format Indicator."
        case .retainNotSupported: "The server does not support retained messages."
        case .qosNotSupported: "A QoS above the server's Maximum QoS was used."
        case .useAnotherServer: "The client should temporarily use another server (see Server Reference)."
        case .serverMoved: "The client should permanently use another server (see Server Reference)."
        case .sharedSubscriptionsNotSupported: "The server does not support shared subscriptions."
        case .connectionRateExceeded: "The connection rate limit has been exceeded."
        case .maximumConnectTime: "The maximum connection time for this connection has been exceeded."
        case .subscriptionIdentifiersNotSupported: "The server does not support subscription identifiers."
        case .wildcardSubscriptionsNotSupported: "The server does not support wildcard subscriptions."
        }
    }
}
