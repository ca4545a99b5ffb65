/// A packet framed off the wire.
public enum MQTTPacket: Sendable, Equatable {
    case connAck(ConnAckPacket)
    /// Any other type, not yet modelled: the type (1-14), the flags nibble and the body.
    case other(type: UInt8, flags: UInt8, body: [UInt8])
}
