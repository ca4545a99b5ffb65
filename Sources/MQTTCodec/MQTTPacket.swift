/// A packet framed off the wire (MQTT 3.1.1 §2, §3; MQTT 5 §2, §3).
public enum MQTTPacket: Sendable, Equatable {
    case connect(ConnectPacket)
    case connAck(ConnAckPacket)
    case publish(PublishPacket)
    case pubAck(PubAckPacket)
    case subscribe(SubscribePacket)
    case subAck(SubAckPacket)
    case unsubscribe(UnsubscribePacket)
    case unsubAck(UnsubAckPacket)
    case pingReq
    case pingResp
    case disconnect(DisconnectPacket)
    /// MQTT 5 only.
    case auth(AuthPacket)
    /// A type not modelled (PUBREC, PUBREL, PUBCOMP): the type (1-15), the flags nibble and the body.
    case other(type: UInt8, flags: UInt8, body: [UInt8])

    /// Decodes one packet whose fixed header has been split off: type, flags and body.
    public init(
        type: UInt8, flags: UInt8, body: [UInt8], protocolVersion: MQTTProtocolVersion = .v3_1_1
    ) throws(MQTTDecodingError) {
        guard let packetType = MQTTPacketType(rawValue: type), packetType != .auth || protocolVersion.hasProperties
        else {
            throw .reservedPacketType(type)
        }
        try Self.checkFlags(packetType, flags: flags)
        switch packetType {
        case .connect: self = .connect(try ConnectPacket(body: body))
        case .connAck: self = .connAck(try ConnAckPacket(body: body, protocolVersion: protocolVersion))
        case .publish: self = .publish(try PublishPacket(flags: flags, body: body, protocolVersion: protocolVersion))
        case .pubAck: self = .pubAck(try PubAckPacket(body: body, protocolVersion: protocolVersion))
        case .subscribe: self = .subscribe(try SubscribePacket(body: body, protocolVersion: protocolVersion))
        case .subAck: self = .subAck(try SubAckPacket(body: body, protocolVersion: protocolVersion))
        case .unsubscribe: self = .unsubscribe(try UnsubscribePacket(body: body, protocolVersion: protocolVersion))
        case .unsubAck: self = .unsubAck(try UnsubAckPacket(body: body, protocolVersion: protocolVersion))
        case .pingReq, .pingResp:
            // §3.12, §3.13: no variable header, no payload.
            guard body.isEmpty else { throw .trailingBytes(packet: packetType, count: body.count) }
            self = packetType == .pingReq ? .pingReq : .pingResp
        case .disconnect: self = .disconnect(try DisconnectPacket(body: body, protocolVersion: protocolVersion))
        case .auth: self = .auth(try AuthPacket(body: body))
        case .pubRec, .pubRel, .pubComp: self = .other(type: type, flags: flags, body: body)
        }
    }

    public var packetType: MQTTPacketType? {
        switch self {
        case .connect: .connect
        case .connAck: .connAck
        case .publish: .publish
        case .pubAck: .pubAck
        case .subscribe: .subscribe
        case .subAck: .subAck
        case .unsubscribe: .unsubscribe
        case .unsubAck: .unsubAck
        case .pingReq: .pingReq
        case .pingResp: .pingResp
        case .disconnect: .disconnect
        case .auth: .auth
        case .other(let type, _, _): MQTTPacketType(rawValue: type)
        }
    }

    public func encode() throws(MQTTEncodingError) -> [UInt8] {
        switch self {
        case .connect(let packet): return try packet.encode()
        case .connAck(let packet): return try packet.encode()
        case .publish(let packet): return try packet.encode()
        case .pubAck(let packet): return try packet.encode()
        case .subscribe(let packet): return try packet.encode()
        case .subAck(let packet): return try packet.encode()
        case .unsubscribe(let packet): return try packet.encode()
        case .unsubAck(let packet): return try packet.encode()
        case .pingReq: return [0xC0, 0x00]
        case .pingResp: return [0xD0, 0x00]
        case .disconnect(let packet): return try packet.encode()
        case .auth(let packet): return try packet.encode()
        case .other(let type, let flags, let body):
            guard let packetType = MQTTPacketType(rawValue: type),
                (try? Self.checkFlags(packetType, flags: flags)) != nil
            else { throw .invalidFixedHeaderFlags(type: type, flags: flags) }
            return try MQTTByteWriter.frame(packetType, flags: flags, body: body)
        }
    }

    /// §2.2.2 table 2.2 (MQTT 5 §2.1.3 table 2-2): fixed flags for every type but PUBLISH, whose QoS may
    /// not be 3 [MQTT-3.3.1-4] and whose DUP must be 0 at QoS 0 [MQTT-3.3.1-2].
    static func checkFlags(_ type: MQTTPacketType, flags: UInt8) throws(MQTTDecodingError) {
        let valid: Bool
        if let required = type.requiredFlags {
            valid = flags == required
        } else {
            let qos = flags >> 1 & 0x03
            valid = flags <= 0x0F && qos != 3 && !(qos == 0 && flags & 0x08 != 0)
        }
        guard valid else { throw .invalidFixedHeaderFlags(type: type.rawValue, flags: flags) }
    }
}
