/// UNSUBACK (MQTT 3.1.1 §3.11: the packet identifier only; MQTT 5 §3.11: packet identifier, properties,
/// one reason code per topic filter).
public struct UnsubAckPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var packetIdentifier: UInt16
    /// MQTT 5 only, one per filter of the UNSUBSCRIBE; empty before MQTT 5.
    public var reasonCodes: [UnsubAckReasonCode]
    /// MQTT 5 UNSUBACK properties (§3.11.2.1): Reason String, User Property.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, packetIdentifier: UInt16,
        reasonCodes: [UnsubAckReasonCode] = [],
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.packetIdentifier = packetIdentifier
        self.reasonCodes = reasonCodes
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        var writer = MQTTByteWriter()
        try writer.packetIdentifier(packetIdentifier, .unsubAck)
        if protocolVersion.hasProperties {
            guard !reasonCodes.isEmpty else { throw .emptyPayload(.unsubAck) }
            try properties.encode(into: &writer, .packet(.unsubAck))
            for code in reasonCodes { writer.byte(code.rawValue) }
        } else {
            if !reasonCodes.isEmpty { throw .requiresMQTT5("UNSUBACK reason codes") }
            if !properties.isEmpty { throw .requiresMQTT5("UNSUBACK properties") }
        }
        return try MQTTByteWriter.frame(.unsubAck, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.packetIdentifier = try reader.packetIdentifier(.unsubAck)
        self.properties = []
        self.reasonCodes = []
        if protocolVersion.hasProperties {
            self.properties = try .decode(from: &reader, .packet(.unsubAck))
            while !reader.isAtEnd {
                let raw = try reader.byte("UNSUBACK reason code")
                guard let code = UnsubAckReasonCode(rawValue: raw) else {
                    throw .invalidReasonCode(raw, packet: .unsubAck)
                }
                reasonCodes.append(code)
            }
            guard !reasonCodes.isEmpty else { throw .emptyPayload(.unsubAck) }
        }
        try reader.expectEnd(.unsubAck)
    }
}
