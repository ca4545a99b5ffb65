/// PUBLISH (MQTT 3.1.1 §3.3; MQTT 5 §3.3): DUP, QoS and RETAIN in the fixed header, then topic name,
/// packet identifier (QoS 1 and 2 only), MQTT 5 properties, and the payload.
public struct PublishPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var topicName: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    public var retain: Bool
    public var dup: Bool
    /// Present exactly when QoS is 1 or 2, and never 0 (§2.3.1).
    public var packetIdentifier: UInt16?
    /// MQTT 5 PUBLISH properties (§3.3.2.3); must be empty before MQTT 5.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, topicName: String, payload: [UInt8] = [],
        qos: MQTTQoS = .atMostOnce, retain: Bool = false, dup: Bool = false, packetIdentifier: UInt16? = nil,
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.topicName = topicName
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.dup = dup
        self.packetIdentifier = packetIdentifier
        self.properties = properties
    }

    /// The fixed-header flags (§3.3.1): DUP bit 3, QoS bits 2-1, RETAIN bit 0.
    public var flags: UInt8 { (dup ? 0x08 : 0) | qos.rawValue << 1 | (retain ? 0x01 : 0) }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        let v5 = protocolVersion.hasProperties
        if !v5 && !properties.isEmpty { throw .requiresMQTT5("PUBLISH properties") }
        // [MQTT-3.3.1-2]
        if dup && qos == .atMostOnce { throw .protocolViolation("DUP must be 0 for a QoS 0 PUBLISH (§3.3.1.1)") }
        // §3.3.2.2: only QoS 1 and 2 carry a packet identifier.
        if (qos == .atMostOnce) != (packetIdentifier == nil) {
            throw .protocolViolation("a PUBLISH has a packet identifier exactly when its QoS is 1 or 2 (§3.3.2.2)")
        }
        if let problem = MQTTTopic.nameProblem(topicName, allowEmpty: v5 && properties.topicAlias != nil) {
            throw .invalidTopic(field: "PUBLISH topic name", reason: problem)
        }
        var writer = MQTTByteWriter()
        try writer.string(topicName, "PUBLISH topic name")
        if let packetIdentifier { try writer.packetIdentifier(packetIdentifier, .publish) }
        if v5 { try properties.encode(into: &writer, .packet(.publish)) }
        writer.append(payload)
        return try MQTTByteWriter.frame(.publish, flags: flags, body: writer.bytes)
    }

    /// Decodes a PUBLISH whose fixed-header flags were checked (QoS 3, and DUP at QoS 0, are refused there).
    public init(flags: UInt8, body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        guard let qos = MQTTQoS(rawValue: flags >> 1 & 0x03), flags & 0xF0 == 0,
            !(flags & 0x08 != 0 && qos == .atMostOnce)
        else { throw .invalidFixedHeaderFlags(type: MQTTPacketType.publish.rawValue, flags: flags) }
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.qos = qos
        self.dup = flags & 0x08 != 0
        self.retain = flags & 0x01 != 0
        self.topicName = try reader.string("PUBLISH topic name")
        if let problem = MQTTTopic.nameProblem(topicName, allowEmpty: protocolVersion.hasProperties) {
            throw .invalidTopic(field: "PUBLISH topic name", reason: problem)
        }
        self.packetIdentifier = qos == .atMostOnce ? nil : try reader.packetIdentifier(.publish)
        self.properties = protocolVersion.hasProperties ? try .decode(from: &reader, .packet(.publish)) : []
        // MQTT 5 §3.3.2.1: an empty topic name needs a Topic Alias.
        if topicName.isEmpty && properties.topicAlias == nil {
            throw .protocolViolation(packet: .publish, reason: "empty topic name without a Topic Alias (§3.3.2.3.4)")
        }
        self.payload = reader.rest()
    }
}
