public import Lab
public import MQTTCodec

/// A minimal MQTT broker for an `InMemoryChannel`: the lab's `MQTTResponder` (it decodes what the client writes
/// with the project's codec and answers as told: a CONNACK with a chosen code, a SUBACK, a PUBACK, and the publish
/// echoed back to a subscriber), with every packet the client sent kept for the test to read.
public final class ScriptedBroker {
    public typealias ConnectAnswer = MQTTResponder.ConnectAnswer

    private let responder: MQTTResponder

    public var connectAnswer: ConnectAnswer {
        get { responder.connectAnswer }
        set { responder.connectAnswer = newValue }
    }
    /// Whether a SUBSCRIBE is granted (QoS 1) or refused (0x80).
    public var grantsSubscriptions: Bool {
        get { responder.grantsSubscriptions }
        set { responder.grantsSubscriptions = newValue }
    }
    /// Whether a SUBSCRIBE gets any SUBACK at all.
    public var answersSubscriptions: Bool {
        get { responder.answersSubscriptions }
        set { responder.answersSubscriptions = newValue }
    }
    /// Whether an acknowledged PUBLISH is delivered back to the subscriber (mosquitto drops what its ACL denies).
    public var deliversPublishes: Bool {
        get { responder.deliversPublishes }
        set { responder.deliversPublishes = newValue }
    }
    /// Every packet the client sent, decoded.
    public var received: [MQTTPacket] { responder.received }

    public init(connectAnswer: ConnectAnswer, protocolVersion: MQTTProtocolVersion = .v3_1_1) {
        responder = MQTTResponder(connectAnswer: connectAnswer, protocolVersion: protocolVersion)
        responder.recordsPackets = true
    }

    /// The channel this broker answers on; it keeps the broker alive.
    public func channel(closesWhenIdle: Bool = false) -> InMemoryChannel {
        InMemoryChannel(closesWhenIdle: closesWhenIdle) { bytes in self.responder.answer(bytes) }
    }
}
