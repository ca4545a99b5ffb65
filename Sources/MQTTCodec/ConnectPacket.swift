/// CONNECT (MQTT 3.1 and 3.1.1 §3.1; MQTT 5 §3.1): protocol name and level, connect flags, keep alive,
/// MQTT 5 properties; then client identifier, will, user name and password.
public struct ConnectPacket: Sendable, Equatable {
    public typealias EncodingError = MQTTEncodingError

    public var protocolVersion: MQTTProtocolVersion
    public var clientIdentifier: String
    /// Clean Session (3.1.1 §3.1.2.4), called Clean Start in MQTT 5 (§3.1.2.4): the same bit.
    public var cleanSession: Bool
    public var keepAliveSeconds: UInt16
    public var username: String?
    public var password: [UInt8]?
    public var will: MQTTWill?
    /// MQTT 5 CONNECT properties (§3.1.2.11); must be empty before MQTT 5.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, clientIdentifier: String, cleanSession: Bool,
        keepAliveSeconds: UInt16, username: String? = nil, password: [UInt8]? = nil, will: MQTTWill? = nil,
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.clientIdentifier = clientIdentifier
        self.cleanSession = cleanSession
        self.keepAliveSeconds = keepAliveSeconds
        self.username = username
        self.password = password
        self.will = will
        self.properties = properties
    }

    /// The Connect Flags byte (§3.1.2.3): user name, password, will retain, will QoS, will, clean session.
    var flags: UInt8 {
        var flags: UInt8 = cleanSession ? 0x02 : 0
        if let will {
            flags |= 0x04 | will.qos.rawValue << 3
            if will.retain { flags |= 0x20 }
        }
        if password != nil { flags |= 0x40 }
        if username != nil { flags |= 0x80 }
        return flags
    }

    public func encode() throws(EncodingError) -> [UInt8] {
        let v5 = protocolVersion.hasProperties
        // §3.1.2.9 [MQTT-3.1.2-22]; MQTT 5 §3.1.2.9 lifts the rule.
        if !v5 && password != nil && username == nil { throw .passwordWithoutUsername }
        // §3.1.3.1 [MQTT-3.1.3-7].
        if protocolVersion == .v3_1_1 && clientIdentifier.isEmpty && !cleanSession {
            throw .protocolViolation("an empty client identifier needs Clean Session (§3.1.3.1)")
        }
        if !v5 && !properties.isEmpty { throw .requiresMQTT5("CONNECT properties") }
        if !v5 && !(will?.properties.isEmpty ?? true) { throw .requiresMQTT5("will properties") }
        if v5 && properties.authenticationData != nil && properties.authenticationMethod == nil {
            throw .protocolViolation("Authentication Data without Authentication Method (MQTT 5 §3.1.2.11.10)")
        }
        if let will, let problem = MQTTTopic.nameProblem(will.topic) {
            throw .invalidTopic(field: "will topic", reason: problem)
        }
        var writer = MQTTByteWriter()
        try writer.string(protocolVersion.protocolName, "protocol name")
        writer.byte(protocolVersion.level)
        writer.byte(flags)
        writer.uint16(keepAliveSeconds)
        if v5 { try properties.encode(into: &writer, .packet(.connect)) }
        try writer.string(clientIdentifier, "client identifier")
        if let will {
            if v5 { try will.properties.encode(into: &writer, .will) }
            try writer.string(will.topic, "will topic")
            try writer.binary(will.payload, "will payload")
        }
        if let username { try writer.string(username, "user name") }
        if let password { try writer.binary(password, "password") }
        return try MQTTByteWriter.frame(.connect, body: writer.bytes)
    }

    /// Decodes a CONNECT body; the version comes from the packet's own protocol name and level.
    public init(body: [UInt8]) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        let name = try reader.string("CONNECT protocol name")
        let level = try reader.byte("CONNECT protocol level")
        guard let version = MQTTProtocolVersion(protocolName: name, level: level) else {
            throw .unsupportedProtocol(name: name, level: level)
        }
        let flags = try reader.byte("CONNECT flags")
        // §3.1.2.3 [MQTT-3.1.2-3]; MQTT 5 [MQTT-3.1.2-3].
        guard flags & 0x01 == 0 else { throw .reservedBitsSet(field: "CONNECT flags", value: flags) }
        let hasWill = flags & 0x04 != 0
        let willQoS = flags >> 3 & 0x03
        let willRetain = flags & 0x20 != 0
        guard willQoS != 3 else { throw .invalidQoS(field: "CONNECT will QoS", value: willQoS) }
        if !hasWill && (willQoS != 0 || willRetain) {
            throw .protocolViolation(
                packet: .connect, reason: "will QoS or retain without the will flag (§3.1.2.6, §3.1.2.7)")
        }
        let hasUsername = flags & 0x80 != 0
        let hasPassword = flags & 0x40 != 0
        if !version.hasProperties && hasPassword && !hasUsername {
            throw .protocolViolation(packet: .connect, reason: "password without a user name (§3.1.2.9)")
        }
        self.protocolVersion = version
        self.cleanSession = flags & 0x02 != 0
        self.keepAliveSeconds = try reader.uint16("CONNECT keep alive")
        self.properties = version.hasProperties ? try .decode(from: &reader, .packet(.connect)) : []
        if properties.authenticationData != nil && properties.authenticationMethod == nil {
            throw .protocolViolation(
                packet: .connect, reason: "Authentication Data without Authentication Method (MQTT 5 §3.1.2.11.10)")
        }
        self.clientIdentifier = try reader.string("CONNECT client identifier")
        if hasWill {
            let willProperties: MQTTProperties = version.hasProperties ? try .decode(from: &reader, .will) : []
            let topic = try reader.string("CONNECT will topic")
            if let problem = MQTTTopic.nameProblem(topic) {
                throw .invalidTopic(field: "CONNECT will topic", reason: problem)
            }
            let payload = try reader.binary("CONNECT will payload")
            self.will = MQTTWill(
                topic: topic, payload: payload, qos: MQTTQoS(rawValue: willQoS) ?? .atMostOnce, retain: willRetain,
                properties: willProperties)
        } else {
            self.will = nil
        }
        self.username = hasUsername ? try reader.string("CONNECT user name") : nil
        self.password = hasPassword ? try reader.binary("CONNECT password") : nil
        try reader.expectEnd(.connect)
    }
}
