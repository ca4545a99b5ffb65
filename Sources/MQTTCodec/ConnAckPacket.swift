/// CONNACK (MQTT 3.1.1 §3.2): fixed header 0x20, remaining length 2, acknowledge flags, return code.
public struct ConnAckPacket: Sendable, Equatable {
    public var sessionPresent: Bool
    public var returnCode: ConnectReturnCode

    public init(sessionPresent: Bool, returnCode: ConnectReturnCode) {
        self.sessionPresent = sessionPresent
        self.returnCode = returnCode
    }

    /// Decodes the variable header of a CONNACK whose fixed header was already checked.
    public init(body: [UInt8]) throws(MQTTDecodingError) {
        guard body.count == 2 else { throw .malformedConnAck("remaining length \(body.count), expected 2") }
        guard body[0] & 0xFE == 0 else { throw .malformedConnAck("reserved acknowledge flag bits set") }
        self.sessionPresent = body[0] & 0x01 == 1
        self.returnCode = ConnectReturnCode(rawValue: body[1])
        if sessionPresent && returnCode != .accepted {
            throw .malformedConnAck("session present with a refusing return code")
        }
    }

    public func encode() -> [UInt8] {
        [0x20, 0x02, sessionPresent ? 1 : 0, returnCode.rawValue]
    }
}
