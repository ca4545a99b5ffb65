/// DISCONNECT (MQTT 3.1.1 §3.14: a fixed header and nothing else; MQTT 5 §3.14: a reason code and
/// properties, both left out when the code is Normal disconnection and there are none).
public struct DisconnectPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    /// MQTT 5 only; always Normal disconnection before MQTT 5.
    public var reasonCode: DisconnectReasonCode
    /// MQTT 5 DISCONNECT properties (§3.14.2.2): Session Expiry Interval, Reason String, User Property,
    /// Server Reference.
    public var properties: MQTTProperties

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, reasonCode: DisconnectReasonCode = .normalDisconnection,
        properties: MQTTProperties = []
    ) {
        self.protocolVersion = protocolVersion
        self.reasonCode = reasonCode
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        var writer = MQTTByteWriter()
        if protocolVersion.hasProperties {
            if reasonCode != .normalDisconnection || !properties.isEmpty { writer.byte(reasonCode.rawValue) }
            if !properties.isEmpty { try properties.encode(into: &writer, .packet(.disconnect)) }
        } else {
            if reasonCode != .normalDisconnection { throw .requiresMQTT5("DISCONNECT reason code") }
            if !properties.isEmpty { throw .requiresMQTT5("DISCONNECT properties") }
        }
        return try MQTTByteWriter.frame(.disconnect, body: writer.bytes)
    }

    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        self.protocolVersion = protocolVersion
        self.reasonCode = .normalDisconnection
        self.properties = []
        // MQTT 5 §3.14.2.1: no reason code means 0x00; §3.14.2.2.1: fewer than 2 bytes means no properties.
        if protocolVersion.hasProperties && !reader.isAtEnd {
            let code = try reader.byte("DISCONNECT reason code")
            guard let reasonCode = DisconnectReasonCode(rawValue: code) else {
                throw .invalidReasonCode(code, packet: .disconnect)
            }
            self.reasonCode = reasonCode
            if !reader.isAtEnd { self.properties = try .decode(from: &reader, .packet(.disconnect)) }
        }
        try reader.expectEnd(.disconnect)
    }
}
