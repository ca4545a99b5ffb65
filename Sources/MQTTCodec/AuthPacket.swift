/// AUTH (MQTT 5 §3.15), for extended authentication: a reason code and properties, both left out when the
/// code is Success and there are none. Packet type 15 is reserved before MQTT 5.
public struct AuthPacket: Sendable, Equatable {
    public var reasonCode: AuthReasonCode
    /// AUTH properties (§3.15.2.2): Authentication Method, Authentication Data, Reason String, User Property.
    public var properties: MQTTProperties

    public init(reasonCode: AuthReasonCode = .success, properties: MQTTProperties = []) {
        self.reasonCode = reasonCode
        self.properties = properties
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        var writer = MQTTByteWriter()
        if reasonCode != .success || !properties.isEmpty { writer.byte(reasonCode.rawValue) }
        if !properties.isEmpty { try properties.encode(into: &writer, .packet(.auth)) }
        return try MQTTByteWriter.frame(.auth, body: writer.bytes)
    }

    public init(body: [UInt8]) throws(MQTTDecodingError) {
        var reader = MQTTByteReader(body)
        self.reasonCode = .success
        self.properties = []
        // §3.15.2.1: remaining length 0 means Success and no properties.
        if !reader.isAtEnd {
            let code = try reader.byte("AUTH reason code")
            guard let reasonCode = AuthReasonCode(rawValue: code) else { throw .invalidReasonCode(code, packet: .auth) }
            self.reasonCode = reasonCode
            if !reader.isAtEnd { self.properties = try .decode(from: &reader, .packet(.auth)) }
        }
        try reader.expectEnd(.auth)
    }
}
