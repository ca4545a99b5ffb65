/// DISCONNECT (MQTT 3.1.1 §3.14): a fixed header and nothing else.
public struct DisconnectPacket: Sendable, Equatable {
    public init() {}
    public func encode() -> [UInt8] { [0xE0, 0x00] }
}
