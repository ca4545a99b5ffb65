/// CONNACK (MQTT 3.1.1 §3.2; MQTT 5 §3.2): acknowledge flags, a code, and in MQTT 5 properties.
///
/// The code byte means different things per version: a 3.1.1 return code (table 3.1) or an MQTT 5 reason
/// code (table 3-1). `code` keeps the byte as sent; `returnCode` and `reasonCode` read it in either
/// vocabulary, translating between the versions where the meanings match.
public struct ConnAckPacket: Sendable, Equatable {
    public var protocolVersion: MQTTProtocolVersion
    public var sessionPresent: Bool
    /// The code byte as on the wire.
    public var code: UInt8
    /// MQTT 5 CONNACK properties (§3.2.2.3); always empty before MQTT 5.
    public var properties: MQTTProperties

    /// A 3.1/3.1.1 CONNACK, or for `.v5` one whose reason code matches `returnCode`.
    public init(protocolVersion: MQTTProtocolVersion = .v3_1_1, sessionPresent: Bool, returnCode: ConnectReturnCode) {
        self.protocolVersion = protocolVersion
        self.sessionPresent = sessionPresent
        self.code = protocolVersion.hasProperties ? returnCode.reasonCode.rawValue : returnCode.rawValue
        self.properties = []
    }

    /// An MQTT 5 CONNACK.
    public init(sessionPresent: Bool = false, reasonCode: ConnAckReasonCode, properties: MQTTProperties = []) {
        self.protocolVersion = .v5
        self.sessionPresent = sessionPresent
        self.code = reasonCode.rawValue
        self.properties = properties
    }

    /// The 3.1.1 return code (§3.2.2.3). For an MQTT 5 CONNACK, the 3.1.1 code of the same meaning, or
    /// `.reserved(code)` where 3.1.1 has none.
    public var returnCode: ConnectReturnCode {
        get {
            guard protocolVersion.hasProperties else { return ConnectReturnCode(rawValue: code) }
            return ConnAckReasonCode(rawValue: code)?.returnCode ?? .reserved(code)
        }
        set { code = protocolVersion.hasProperties ? newValue.reasonCode.rawValue : newValue.rawValue }
    }

    /// The MQTT 5 reason code (§3.2.2.2). For a 3.1/3.1.1 CONNACK, the MQTT 5 code of the same meaning.
    public var reasonCode: ConnAckReasonCode {
        get {
            guard protocolVersion.hasProperties else { return ConnectReturnCode(rawValue: code).reasonCode }
            return ConnAckReasonCode(rawValue: code) ?? .unspecifiedError
        }
        set { code = protocolVersion.hasProperties ? newValue.rawValue : newValue.returnCode.rawValue }
    }

    /// Code 0: Connection Accepted / Success.
    public var isAccepted: Bool { code == 0 }

    /// The code in its own version's words: "Connection Refused, not authorized" or "0x87 Not authorized".
    public var codeDescription: String {
        protocolVersion.hasProperties ? reasonCode.description : returnCode.description
    }

    /// Decodes the variable header (and MQTT 5 properties) of a CONNACK whose fixed header was checked.
    public init(body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1) throws(MQTTDecodingError) {
        if !protocolVersion.hasProperties {
            guard body.count == 2 else { throw .malformedConnAck("remaining length \(body.count), expected 2") }
        }
        var reader = MQTTByteReader(body)
        let flags = try reader.byte("CONNACK acknowledge flags")
        // §3.2.2.1: bits 7-1 are reserved and set to 0.
        guard flags & 0xFE == 0 else { throw .reservedBitsSet(field: "CONNACK acknowledge flags", value: flags) }
        self.protocolVersion = protocolVersion
        self.sessionPresent = flags & 0x01 == 1
        self.code = try reader.byte("CONNACK reason code")
        if protocolVersion.hasProperties {
            guard ConnAckReasonCode(rawValue: code) != nil else { throw .invalidReasonCode(code, packet: .connAck) }
            self.properties = try .decode(from: &reader, .packet(.connAck))
            try reader.expectEnd(.connAck)
        } else {
            self.properties = []
        }
        // 3.1.1 [MQTT-3.2.2-4], MQTT 5 [MQTT-3.2.2-6].
        if sessionPresent && code != 0 {
            throw .malformedConnAck("session present with a refusing code")
        }
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        if protocolVersion.hasProperties {
            guard ConnAckReasonCode(rawValue: code) != nil else {
                throw .protocolViolation("CONNACK reason code \(code) is not defined (MQTT 5 §3.2.2.2)")
            }
        } else if !properties.isEmpty {
            throw .requiresMQTT5("CONNACK properties")
        }
        if sessionPresent && code != 0 {
            throw .protocolViolation("a refusing CONNACK must not set Session Present (§3.2.2.2)")
        }
        var writer = MQTTByteWriter()
        writer.byte(sessionPresent ? 1 : 0)
        writer.byte(code)
        if protocolVersion.hasProperties { try properties.encode(into: &writer, .packet(.connAck)) }
        return try MQTTByteWriter.frame(.connAck, body: writer.bytes)
    }
}
