/// One MQTT 5 property (§2.2.2.2 table 2-4) with its value in the data type the table gives it. Byte
/// properties whose only values are 0 and 1 are `Bool`s; Maximum QoS is an `MQTTQoS` (0 or 1 on the wire).
public enum MQTTProperty: Sendable, Equatable {
    /// 0x01, Byte: 1 means the payload is UTF-8 (§3.3.2.3.2).
    case payloadFormatIndicator(Bool)
    /// 0x02, Four Byte Integer, seconds (§3.3.2.3.3).
    case messageExpiryInterval(UInt32)
    /// 0x03, UTF-8 String (§3.3.2.3.9).
    case contentType(String)
    /// 0x08, UTF-8 String (§3.3.2.3.5).
    case responseTopic(String)
    /// 0x09, Binary Data (§3.3.2.3.6).
    case correlationData([UInt8])
    /// 0x0B, Variable Byte Integer 1...268,435,455 (§3.8.2.1.2).
    case subscriptionIdentifier(Int)
    /// 0x11, Four Byte Integer, seconds; 0xFFFFFFFF never expires (§3.1.2.11.2).
    case sessionExpiryInterval(UInt32)
    /// 0x12, UTF-8 String (§3.2.2.3.7).
    case assignedClientIdentifier(String)
    /// 0x13, Two Byte Integer, seconds (§3.2.2.3.14).
    case serverKeepAlive(UInt16)
    /// 0x15, UTF-8 String (§3.1.2.11.9).
    case authenticationMethod(String)
    /// 0x16, Binary Data (§3.1.2.11.10).
    case authenticationData([UInt8])
    /// 0x17, Byte 0 or 1 (§3.1.2.11.7).
    case requestProblemInformation(Bool)
    /// 0x18, Four Byte Integer, seconds (§3.1.3.2.2).
    case willDelayInterval(UInt32)
    /// 0x19, Byte 0 or 1 (§3.1.2.11.6).
    case requestResponseInformation(Bool)
    /// 0x1A, UTF-8 String (§3.2.2.3.15).
    case responseInformation(String)
    /// 0x1C, UTF-8 String (§3.2.2.3.16, §4.11).
    case serverReference(String)
    /// 0x1F, UTF-8 String, for people (§3.2.2.3.9).
    case reasonString(String)
    /// 0x21, Two Byte Integer, never 0 (§3.1.2.11.3).
    case receiveMaximum(UInt16)
    /// 0x22, Two Byte Integer (§3.1.2.11.5).
    case topicAliasMaximum(UInt16)
    /// 0x23, Two Byte Integer, never 0 (§3.3.2.3.4).
    case topicAlias(UInt16)
    /// 0x24, Byte 0 or 1; absent means QoS 2 (§3.2.2.3.4).
    case maximumQoS(MQTTQoS)
    /// 0x25, Byte 0 or 1 (§3.2.2.3.5).
    case retainAvailable(Bool)
    /// 0x26, UTF-8 String Pair; may repeat (§3.1.2.11.8).
    case userProperty(name: String, value: String)
    /// 0x27, Four Byte Integer, never 0 (§3.1.2.11.4).
    case maximumPacketSize(UInt32)
    /// 0x28, Byte 0 or 1 (§3.2.2.3.11).
    case wildcardSubscriptionAvailable(Bool)
    /// 0x29, Byte 0 or 1 (§3.2.2.3.12).
    case subscriptionIdentifierAvailable(Bool)
    /// 0x2A, Byte 0 or 1 (§3.2.2.3.13).
    case sharedSubscriptionAvailable(Bool)

    public var identifier: MQTTPropertyIdentifier {
        switch self {
        case .payloadFormatIndicator: .payloadFormatIndicator
        case .messageExpiryInterval: .messageExpiryInterval
        case .contentType: .contentType
        case .responseTopic: .responseTopic
        case .correlationData: .correlationData
        case .subscriptionIdentifier: .subscriptionIdentifier
        case .sessionExpiryInterval: .sessionExpiryInterval
        case .assignedClientIdentifier: .assignedClientIdentifier
        case .serverKeepAlive: .serverKeepAlive
        case .authenticationMethod: .authenticationMethod
        case .authenticationData: .authenticationData
        case .requestProblemInformation: .requestProblemInformation
        case .willDelayInterval: .willDelayInterval
        case .requestResponseInformation: .requestResponseInformation
        case .responseInformation: .responseInformation
        case .serverReference: .serverReference
        case .reasonString: .reasonString
        case .receiveMaximum: .receiveMaximum
        case .topicAliasMaximum: .topicAliasMaximum
        case .topicAlias: .topicAlias
        case .maximumQoS: .maximumQoS
        case .retainAvailable: .retainAvailable
        case .userProperty: .userProperty
        case .maximumPacketSize: .maximumPacketSize
        case .wildcardSubscriptionAvailable: .wildcardSubscriptionAvailable
        case .subscriptionIdentifierAvailable: .subscriptionIdentifierAvailable
        case .sharedSubscriptionAvailable: .sharedSubscriptionAvailable
        }
    }

    /// Why the value is one the spec forbids (a Protocol Error), or nil.
    public var valueProblem: String? {
        switch self {
        case .receiveMaximum(0): "Receive Maximum 0 (§3.1.2.11.3)"
        case .topicAlias(0): "Topic Alias 0 (§3.3.2.3.4)"
        case .maximumPacketSize(0): "Maximum Packet Size 0 (§3.1.2.11.4)"
        case .maximumQoS(.exactlyOnce): "Maximum QoS 2; only 0 or 1 may be sent (§3.2.2.3.4)"
        case .subscriptionIdentifier(let value) where !(1...VariableByteInteger.maximum).contains(value):
            "Subscription Identifier \(value), outside 1...268435455 (§3.8.2.1.2)"
        default: nil
        }
    }

    func encode(into writer: inout MQTTByteWriter, _ field: String) throws(MQTTEncodingError) {
        try writer.variableByteInteger(Int(identifier.rawValue))
        switch self {
        case .payloadFormatIndicator(let flag), .requestProblemInformation(let flag),
            .requestResponseInformation(let flag),
            .retainAvailable(let flag), .wildcardSubscriptionAvailable(let flag),
            .subscriptionIdentifierAvailable(let flag),
            .sharedSubscriptionAvailable(let flag):
            writer.byte(flag ? 1 : 0)
        case .maximumQoS(let qos): writer.byte(qos.rawValue)
        case .serverKeepAlive(let value), .receiveMaximum(let value), .topicAliasMaximum(let value),
            .topicAlias(let value):
            writer.uint16(value)
        case .messageExpiryInterval(let value), .sessionExpiryInterval(let value), .willDelayInterval(let value),
            .maximumPacketSize(let value):
            writer.uint32(value)
        case .subscriptionIdentifier(let value): try writer.variableByteInteger(value)
        case .contentType(let text), .responseTopic(let text), .assignedClientIdentifier(let text),
            .authenticationMethod(let text), .responseInformation(let text), .serverReference(let text),
            .reasonString(let text):
            try writer.string(text, field)
        case .correlationData(let data), .authenticationData(let data): try writer.binary(data, field)
        case .userProperty(let name, let value):
            try writer.string(name, field + " name")
            try writer.string(value, field + " value")
        }
    }

    /// Reads the value of a property whose identifier was just read (§2.2.2.2).
    static func decode(
        _ identifier: MQTTPropertyIdentifier, from reader: inout MQTTByteReader, _ field: String
    ) throws(MQTTDecodingError) -> MQTTProperty {
        func flag() throws(MQTTDecodingError) -> Bool {
            let value = try reader.byte(field)
            guard value <= 1 else { throw .invalidPropertyValue(identifier, reason: "value \(value), expected 0 or 1") }
            return value == 1
        }
        let property: MQTTProperty
        switch identifier {
        case .payloadFormatIndicator: property = .payloadFormatIndicator(try flag())
        case .requestProblemInformation: property = .requestProblemInformation(try flag())
        case .requestResponseInformation: property = .requestResponseInformation(try flag())
        case .retainAvailable: property = .retainAvailable(try flag())
        case .wildcardSubscriptionAvailable: property = .wildcardSubscriptionAvailable(try flag())
        case .subscriptionIdentifierAvailable: property = .subscriptionIdentifierAvailable(try flag())
        case .sharedSubscriptionAvailable: property = .sharedSubscriptionAvailable(try flag())
        case .maximumQoS:
            let value = try reader.byte(field)
            guard value <= 1, let qos = MQTTQoS(rawValue: value) else {
                throw .invalidPropertyValue(identifier, reason: "value \(value), expected 0 or 1 (§3.2.2.3.4)")
            }
            property = .maximumQoS(qos)
        case .serverKeepAlive: property = .serverKeepAlive(try reader.uint16(field))
        case .receiveMaximum: property = .receiveMaximum(try reader.uint16(field))
        case .topicAliasMaximum: property = .topicAliasMaximum(try reader.uint16(field))
        case .topicAlias: property = .topicAlias(try reader.uint16(field))
        case .messageExpiryInterval: property = .messageExpiryInterval(try reader.uint32(field))
        case .sessionExpiryInterval: property = .sessionExpiryInterval(try reader.uint32(field))
        case .willDelayInterval: property = .willDelayInterval(try reader.uint32(field))
        case .maximumPacketSize: property = .maximumPacketSize(try reader.uint32(field))
        case .subscriptionIdentifier: property = .subscriptionIdentifier(try reader.variableByteInteger(field))
        case .contentType: property = .contentType(try reader.string(field))
        case .responseTopic: property = .responseTopic(try reader.string(field))
        case .assignedClientIdentifier: property = .assignedClientIdentifier(try reader.string(field))
        case .authenticationMethod: property = .authenticationMethod(try reader.string(field))
        case .responseInformation: property = .responseInformation(try reader.string(field))
        case .serverReference: property = .serverReference(try reader.string(field))
        case .reasonString: property = .reasonString(try reader.string(field))
        case .correlationData: property = .correlationData(try reader.binary(field))
        case .authenticationData: property = .authenticationData(try reader.binary(field))
        case .userProperty:
            let name = try reader.string(field + " name")
            property = .userProperty(name: name, value: try reader.string(field + " value"))
        }
        if let problem = property.valueProblem { throw .invalidPropertyValue(identifier, reason: problem) }
        return property
    }
}
