public import MQTTCodec

/// A minimal MQTT broker for an `InMemoryChannel`: it decodes what the client writes with the project's codec and
/// answers as told: a CONNACK with a chosen code, a SUBACK, a PUBACK, and the publish echoed back to a subscriber.
/// A test and teaching peer, not a broker: it keeps no state beyond one client's subscription.
public final class ScriptedBroker {
    /// What to answer CONNECT with.
    public enum ConnectAnswer {
        case v3(ConnectReturnCode)
        case v5(ConnAckReasonCode)
        /// Raw bytes (another protocol, or a CONNACK of another MQTT version).
        case bytes([UInt8])
        /// Nothing at all.
        case silence
    }

    public var connectAnswer: ConnectAnswer
    /// Whether a SUBSCRIBE is granted (QoS 1) or refused (0x80).
    public var grantsSubscriptions = true
    /// Whether a SUBSCRIBE gets any SUBACK at all.
    public var answersSubscriptions = true
    /// Whether an acknowledged PUBLISH is delivered back to the subscriber (mosquitto drops what its ACL denies).
    public var deliversPublishes = true
    /// Every packet the client sent, decoded.
    public private(set) var received: [MQTTPacket] = []
    private var decoder: MQTTPacketDecoder
    private var subscribed = false

    public init(connectAnswer: ConnectAnswer, protocolVersion: MQTTProtocolVersion = .v3_1_1) {
        self.connectAnswer = connectAnswer
        self.decoder = MQTTPacketDecoder(maximumPacketSize: 1 << 20, protocolVersion: protocolVersion)
    }

    /// The channel this broker answers on; it keeps the broker alive.
    public func channel(closesWhenIdle: Bool = false) -> InMemoryChannel {
        InMemoryChannel(closesWhenIdle: closesWhenIdle) { bytes in self.answer(bytes) }
    }

    func answer(_ bytes: [UInt8]) -> [UInt8] {
        decoder.append(bytes)
        var out: [UInt8] = []
        while let packet = try? decoder.nextPacket() {
            received.append(packet)
            out += answer(packet)
        }
        return out
    }

    func answer(_ packet: MQTTPacket) -> [UInt8] {
        let version = decoder.protocolVersion
        switch packet {
        case .connect(let connect):
            decoder = MQTTPacketDecoder(maximumPacketSize: 1 << 20, protocolVersion: connect.protocolVersion)
            switch connectAnswer {
            case .v3(let code): return (try? ConnAckPacket(sessionPresent: false, returnCode: code).encode()) ?? []
            case .v5(let code): return (try? ConnAckPacket(reasonCode: code).encode()) ?? []
            case .bytes(let bytes): return bytes
            case .silence: return []
            }
        case .subscribe(let subscribe):
            guard answersSubscriptions else { return [] }
            subscribed = grantsSubscriptions
            let code: SubAckReasonCode = grantsSubscriptions ? .grantedQoS1 : .unspecifiedError
            return
                (try? SubAckPacket(
                    protocolVersion: version, packetIdentifier: subscribe.packetIdentifier, reasonCodes: [code]
                ).encode()) ?? []
        case .publish(let publish):
            var out: [UInt8] = []
            if let id = publish.packetIdentifier {
                out += (try? PubAckPacket(protocolVersion: version, packetIdentifier: id).encode()) ?? []
            }
            if subscribed && deliversPublishes {
                out +=
                    (try? PublishPacket(
                        protocolVersion: version, topicName: publish.topicName, payload: publish.payload,
                        qos: .atLeastOnce,
                        packetIdentifier: 7
                    ).encode()) ?? []
            }
            return out
        default:
            return []
        }
    }
}
