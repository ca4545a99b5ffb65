/// SUBACK (MQTT 3.1.1 §3.9; MQTT 5 §3.9): packet identifier, MQTT 5 properties, one code per topic filter.
public struct SubAckPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var packetIdentifier: UInt16
    /// Return codes (3.1.1) or reason codes (MQTT 5), in the order of the SUBSCRIBE's filters.
    public var reasonCodes: [SubAckReasonCode]
    /// MQTT 5 SUBACK properties (§3.9.2.1): Reason String, User Property.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, packetIdentifier: UInt16, reasonCodes: [SubAckReasonCode],
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.packetIdentifier = packetIdentifier
        self.reasonCodes = reasonCodes
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        let v5 = protocolVersion.hasProperties
        if !v5 && !properties.isEmpty { throw .requiresMQTT5("SUBACK properties") }
        if !v5, let code = reasonCodes.first(where: { !$0.existsBeforeMQTT5 }) {
            throw .requiresMQTT5("SUBACK code \(code)")
        }
        guard !reasonCodes.isEmpty else { throw .emptyPayload(.subAck) }
        var writer = MQTTByteWriter()
        try writer.packetIdentifier(packetIdentifier, .subAck)
        if v5 { try properties.encode(into: &writer, .packet(.subAck)) }
        for code in reasonCodes { writer.byte(code.rawValue) }
        return try MQTTByteWriter.frame(.subAck, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        let v5 = protocolVersion.hasProperties
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.packetIdentifier = try reader.packetIdentifier(.subAck)
        self.properties = v5 ? try .decode(from: &reader, .packet(.subAck)) : []
        var codes: [SubAckReasonCode] = []
        while !reader.isAtEnd {
            let raw = try reader.byte("SUBACK code")
            // 3.1.1 §3.9.3 [MQTT-3.9.3-2]: other values are reserved and must not be used.
            guard let code = SubAckReasonCode(rawValue: raw), v5 || code.existsBeforeMQTT5 else {
                throw .invalidReasonCode(raw, packet: .subAck)
            }
            codes.append(code)
        }
        guard !codes.isEmpty else { throw .emptyPayload(.subAck) }
        self.reasonCodes = codes
    }
}
