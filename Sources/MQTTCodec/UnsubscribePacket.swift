/// UNSUBSCRIBE (MQTT 3.1.1 §3.10; MQTT 5 §3.10): fixed-header flags 0x2, packet identifier, MQTT 5
/// properties, then one or more topic filters.
public struct UnsubscribePacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var packetIdentifier: UInt16
    public var topicFilters: [String]
    /// MQTT 5 UNSUBSCRIBE properties (§3.10.2.1): User Property.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, packetIdentifier: UInt16, topicFilters: [String],
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.packetIdentifier = packetIdentifier
        self.topicFilters = topicFilters
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        let v5 = protocolVersion.hasProperties
        if !v5 && !properties.isEmpty { throw .requiresMQTT5("UNSUBSCRIBE properties") }
        // §3.10.3 [MQTT-3.10.3-2]: at least one topic filter.
        guard !topicFilters.isEmpty else { throw .emptyPayload(.unsubscribe) }
        var writer = MQTTByteWriter()
        try writer.packetIdentifier(packetIdentifier, .unsubscribe)
        if v5 { try properties.encode(into: &writer, .packet(.unsubscribe)) }
        for filter in topicFilters {
            if let problem = MQTTTopic.filterProblem(filter, protocolVersion: protocolVersion) {
                throw .invalidTopic(field: "UNSUBSCRIBE topic filter", reason: problem)
            }
            try writer.string(filter, "UNSUBSCRIBE topic filter")
        }
        return try MQTTByteWriter.frame(.unsubscribe, flags: 0x2, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.packetIdentifier = try reader.packetIdentifier(.unsubscribe)
        self.properties = protocolVersion.hasProperties ? try .decode(from: &reader, .packet(.unsubscribe)) : []
        var filters: [String] = []
        while !reader.isAtEnd {
            let filter = try reader.string("UNSUBSCRIBE topic filter")
            if let problem = MQTTTopic.filterProblem(filter, protocolVersion: protocolVersion) {
                throw .invalidTopic(field: "UNSUBSCRIBE topic filter", reason: problem)
            }
            filters.append(filter)
        }
        guard !filters.isEmpty else { throw .emptyPayload(.unsubscribe) }
        self.topicFilters = filters
    }
}
