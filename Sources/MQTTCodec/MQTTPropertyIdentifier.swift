/// The property identifiers of MQTT 5 (§2.2.2.2 table 2-4), with their data types, the packets they may
/// appear in, and whether they may repeat.
public enum MQTTPropertyIdentifier: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case payloadFormatIndicator = 0x01
    case messageExpiryInterval = 0x02
    case contentType = 0x03
    case responseTopic = 0x08
    case correlationData = 0x09
    case subscriptionIdentifier = 0x0B
    case sessionExpiryInterval = 0x11
    case assignedClientIdentifier = 0x12
    case serverKeepAlive = 0x13
    case authenticationMethod = 0x15
    case authenticationData = 0x16
    case requestProblemInformation = 0x17
    case willDelayInterval = 0x18
    case requestResponseInformation = 0x19
    case responseInformation = 0x1A
    case serverReference = 0x1C
    case reasonString = 0x1F
    case receiveMaximum = 0x21
    case topicAliasMaximum = 0x22
    case topicAlias = 0x23
    case maximumQoS = 0x24
    case retainAvailable = 0x25
    case userProperty = 0x26
    case maximumPacketSize = 0x27
    case wildcardSubscriptionAvailable = 0x28
    case subscriptionIdentifierAvailable = 0x29
    case sharedSubscriptionAvailable = 0x2A

    /// The data representations of MQTT 5 §1.5.
    public enum DataType: Sendable, Equatable {
        case byte, twoByteInteger, fourByteInteger, variableByteInteger, utf8String, binaryData, utf8StringPair
    }

    public var dataType: DataType {
        switch self {
        case .payloadFormatIndicator, .requestProblemInformation, .requestResponseInformation, .maximumQoS,
            .retainAvailable, .wildcardSubscriptionAvailable, .subscriptionIdentifierAvailable,
            .sharedSubscriptionAvailable:
            .byte
        case .serverKeepAlive, .receiveMaximum, .topicAliasMaximum, .topicAlias: .twoByteInteger
        case .messageExpiryInterval, .sessionExpiryInterval, .willDelayInterval, .maximumPacketSize: .fourByteInteger
        case .subscriptionIdentifier: .variableByteInteger
        case .contentType, .responseTopic, .assignedClientIdentifier, .authenticationMethod, .responseInformation,
            .serverReference, .reasonString:
            .utf8String
        case .correlationData, .authenticationData: .binaryData
        case .userProperty: .utf8StringPair
        }
    }

    /// The name in table 2-4, e.g. "Session Expiry Interval".
    public var description: String {
        switch self {
        case .payloadFormatIndicator: "Payload Format Indicator"
        case .messageExpiryInterval: "Message Expiry Interval"
        case .contentType: "Content Type"
        case .responseTopic: "Response Topic"
        case .correlationData: "Correlation Data"
        case .subscriptionIdentifier: "Subscription Identifier"
        case .sessionExpiryInterval: "Session Expiry Interval"
        case .assignedClientIdentifier: "Assigned Client Identifier"
        case .serverKeepAlive: "Server Keep Alive"
        case .authenticationMethod: "Authentication Method"
        case .authenticationData: "Authentication Data"
        case .requestProblemInformation: "Request Problem Information"
        case .willDelayInterval: "Will Delay Interval"
        case .requestResponseInformation: "Request Response Information"
        case .responseInformation: "Response Information"
        case .serverReference: "Server Reference"
        case .reasonString: "Reason String"
        case .receiveMaximum: "Receive Maximum"
        case .topicAliasMaximum: "Topic Alias Maximum"
        case .topicAlias: "Topic Alias"
        case .maximumQoS: "Maximum QoS"
        case .retainAvailable: "Retain Available"
        case .userProperty: "User Property"
        case .maximumPacketSize: "Maximum Packet Size"
        case .wildcardSubscriptionAvailable: "Wildcard Subscription Available"
        case .subscriptionIdentifierAvailable: "Subscription Identifier Available"
        case .sharedSubscriptionAvailable: "Shared Subscription Available"
        }
    }

    /// Whether table 2-4 lists this identifier for `context`. Any other identifier makes the packet
    /// malformed (§2.2.2.2).
    public func isAllowed(in context: MQTTPropertyContext) -> Bool {
        guard case .packet(let packet) = context else {
            // Will Properties (§3.1.3.2).
            return [
                .payloadFormatIndicator, .messageExpiryInterval, .contentType, .responseTopic, .correlationData,
                .willDelayInterval, .userProperty,
            ].contains(self)
        }
        switch self {
        case .payloadFormatIndicator, .messageExpiryInterval, .contentType, .responseTopic, .correlationData,
            .topicAlias:
            return packet == .publish
        case .subscriptionIdentifier: return packet == .publish || packet == .subscribe
        case .sessionExpiryInterval: return [.connect, .connAck, .disconnect].contains(packet)
        case .assignedClientIdentifier, .serverKeepAlive, .responseInformation, .maximumQoS, .retainAvailable,
            .wildcardSubscriptionAvailable, .subscriptionIdentifierAvailable, .sharedSubscriptionAvailable:
            return packet == .connAck
        case .authenticationMethod, .authenticationData: return [.connect, .connAck, .auth].contains(packet)
        case .requestProblemInformation, .requestResponseInformation: return packet == .connect
        case .willDelayInterval: return false
        case .serverReference: return packet == .connAck || packet == .disconnect
        case .reasonString:
            return [.connAck, .pubAck, .pubRec, .pubRel, .pubComp, .subAck, .unsubAck, .disconnect, .auth].contains(
                packet)
        case .receiveMaximum, .topicAliasMaximum, .maximumPacketSize: return packet == .connect || packet == .connAck
        case .userProperty: return ![.pingReq, .pingResp].contains(packet)
        }
    }

    /// Whether the identifier may appear more than once in one property block: User Property anywhere
    /// (§3.1.2.11.8 and the like), Subscription Identifier in PUBLISH (§3.3.2.3.8). Including any other
    /// property twice is a Protocol Error.
    public func mayRepeat(in context: MQTTPropertyContext) -> Bool {
        switch self {
        case .userProperty: true
        case .subscriptionIdentifier: context == .packet(.publish)
        default: false
        }
    }
}
