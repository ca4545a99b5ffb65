/// SUBSCRIBE (MQTT 3.1.1 §3.8; MQTT 5 §3.8): fixed-header flags 0x2, packet identifier, MQTT 5 properties,
/// then one or more topic filters with their options.
public struct SubscribePacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var packetIdentifier: UInt16
    public var subscriptions: [MQTTSubscription]
    /// MQTT 5 SUBSCRIBE properties (§3.8.2.1): Subscription Identifier, User Property.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, packetIdentifier: UInt16, subscriptions: [MQTTSubscription],
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.packetIdentifier = packetIdentifier
        self.subscriptions = subscriptions
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        let v5 = protocolVersion.hasProperties
        if !v5 && !properties.isEmpty { throw .requiresMQTT5("SUBSCRIBE properties") }
        // §3.8.3 [MQTT-3.8.3-3]: at least one topic filter.
        guard !subscriptions.isEmpty else { throw .emptyPayload(.subscribe) }
        var writer = MQTTByteWriter()
        try writer.packetIdentifier(packetIdentifier, .subscribe)
        if v5 { try properties.encode(into: &writer, .packet(.subscribe)) }
        for subscription in subscriptions {
            if !v5 && subscription.hasMQTT5Options { throw .requiresMQTT5("subscription options other than QoS") }
            if let problem = MQTTTopic.filterProblem(subscription.topicFilter, protocolVersion: protocolVersion) {
                throw .invalidTopic(field: "SUBSCRIBE topic filter", reason: problem)
            }
            if v5 && subscription.isShared && subscription.noLocal {
                throw .protocolViolation("No Local on a shared subscription (MQTT 5 §3.8.3.1)")
            }
            try writer.string(subscription.topicFilter, "SUBSCRIBE topic filter")
            writer.byte(subscription.optionsByte)
        }
        return try MQTTByteWriter.frame(.subscribe, flags: 0x2, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        let v5 = protocolVersion.hasProperties
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.packetIdentifier = try reader.packetIdentifier(.subscribe)
        self.properties = v5 ? try .decode(from: &reader, .packet(.subscribe)) : []
        var subscriptions: [MQTTSubscription] = []
        while !reader.isAtEnd {
            let filter = try reader.string("SUBSCRIBE topic filter")
            let options = try reader.byte(v5 ? "SUBSCRIBE subscription options" : "SUBSCRIBE requested QoS")
            // 3.1.1 §3.8.3.1 [MQTT-3-8.3-4]: bits 7-2 reserved; MQTT 5 §3.8.3.1: bits 7-6 reserved.
            guard options & (v5 ? 0xC0 : 0xFC) == 0 else {
                throw .reservedBitsSet(
                    field: v5 ? "SUBSCRIBE subscription options" : "SUBSCRIBE requested QoS", value: options)
            }
            guard let qos = MQTTQoS(rawValue: options & 0x03) else {
                throw .invalidQoS(field: "SUBSCRIBE requested QoS", value: options & 0x03)
            }
            guard let retainHandling = MQTTSubscription.RetainHandling(rawValue: options >> 4 & 0x03) else {
                throw .protocolViolation(packet: .subscribe, reason: "Retain Handling 3 (MQTT 5 §3.8.3.1)")
            }
            let subscription = MQTTSubscription(
                topicFilter: filter, qos: qos, noLocal: options & 0x04 != 0, retainAsPublished: options & 0x08 != 0,
                retainHandling: retainHandling)
            if let problem = MQTTTopic.filterProblem(filter, protocolVersion: protocolVersion) {
                throw .invalidTopic(field: "SUBSCRIBE topic filter", reason: problem)
            }
            if v5 && subscription.isShared && subscription.noLocal {
                throw .protocolViolation(
                    packet: .subscribe, reason: "No Local on a shared subscription (MQTT 5 §3.8.3.1)")
            }
            subscriptions.append(subscription)
        }
        guard !subscriptions.isEmpty else { throw .emptyPayload(.subscribe) }
        self.subscriptions = subscriptions
    }
}
