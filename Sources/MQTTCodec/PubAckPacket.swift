/// PUBACK (MQTT 3.1.1 §3.4; MQTT 5 §3.4): the packet identifier of a QoS 1 PUBLISH, and in MQTT 5 a reason
/// code and properties, both left out when the code is Success and there are none (§3.4.2.1).
public struct PubAckPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var packetIdentifier: UInt16
    /// MQTT 5 only; always Success before MQTT 5.
    public var reasonCode: PubAckReasonCode
    /// MQTT 5 PUBACK properties (§3.4.2.2): Reason String, User Property.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, packetIdentifier: UInt16,
        reasonCode: PubAckReasonCode = .success,
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.packetIdentifier = packetIdentifier
        self.reasonCode = reasonCode
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        var writer = MQTTByteWriter()
        try writer.packetIdentifier(packetIdentifier, .pubAck)
        if protocolVersion.hasProperties {
            if reasonCode != .success || !properties.isEmpty { writer.byte(reasonCode.rawValue) }
            if !properties.isEmpty { try properties.encode(into: &writer, .packet(.pubAck)) }
        } else {
            if reasonCode != .success { throw .requiresMQTT5("PUBACK reason code") }
            if !properties.isEmpty { throw .requiresMQTT5("PUBACK properties") }
        }
        return try MQTTByteWriter.frame(.pubAck, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.packetIdentifier = try reader.packetIdentifier(.pubAck)
        self.reasonCode = .success
        self.properties = []
        // MQTT 5 §3.4.2.1: remaining length 2 means Success and no properties; below 4, no properties.
        if protocolVersion.hasProperties && !reader.isAtEnd {
            let code = try reader.byte("PUBACK reason code")
            guard let reasonCode = PubAckReasonCode(rawValue: code) else {
                throw .invalidReasonCode(code, packet: .pubAck)
            }
            self.reasonCode = reasonCode
            if !reader.isAtEnd { self.properties = try .decode(from: &reader, .packet(.pubAck)) }
        }
        try reader.expectEnd(.pubAck)
    }
}
