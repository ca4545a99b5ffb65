public import MQTTCodec

/// The MQTT side of the lab's brokers, and of the tests' scripted broker: it decodes what a client sends with the
/// project's codec and answers as told: a CONNACK with a chosen code (in the CONNECT's own MQTT version), a
/// SUBACK, a PUBACK, and a publish echoed back to its subscriber. A test and teaching peer, not a broker: it keeps
/// no state beyond one client's subscriptions, and it never trusts a length or a count the client sends.
public final class MQTTResponder {
    /// What to answer CONNECT with.
    public enum ConnectAnswer: Sendable {
        /// Accept, in the CONNECT's version; with `requireUsername`, refuse a CONNECT without a user name as
        /// mosquitto's `allow_anonymous false` does (3.1.1 return code 5, MQTT 5 reason 0x87).
        case accept(requireUsername: Bool)
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
    /// Every packet the client sent, decoded (kept only when `recordsPackets`).
    public private(set) var received: [MQTTPacket] = []
    public var recordsPackets = false
    /// Set once the client said DISCONNECT, sent something that is not MQTT, or was refused: close the connection.
    public private(set) var finished = false
    private var decoder: MQTTPacketDecoder
    private var subscribed = false

    public init(connectAnswer: ConnectAnswer, protocolVersion: MQTTProtocolVersion = .v3_1_1) {
        self.connectAnswer = connectAnswer
        self.decoder = MQTTPacketDecoder(maximumPacketSize: 1 << 20, protocolVersion: protocolVersion)
    }

    /// The bytes to send back for what the client just sent.
    public func answer(_ bytes: [UInt8]) -> [UInt8] {
        decoder.append(bytes)
        var out: [UInt8] = []
        while !finished {
            do {
                guard let packet = try decoder.nextPacket() else { break }
                if recordsPackets { received.append(packet) }
                out += answer(packet)
            } catch {
                finished = true  // not MQTT: a broker closes the connection
            }
        }
        return out
    }

    func answer(_ packet: MQTTPacket) -> [UInt8] {
        let version = decoder.protocolVersion
        switch packet {
        case .connect(let connect):
            decoder = MQTTPacketDecoder(maximumPacketSize: 1 << 20, protocolVersion: connect.protocolVersion)
            switch connectAnswer {
            case .accept(let requireUsername):
                let refused = requireUsername && connect.username == nil
                finished = refused
                if connect.protocolVersion == .v5 {
                    return (try? ConnAckPacket(reasonCode: refused ? .notAuthorized : .success).encode()) ?? []
                }
                return
                    (try? ConnAckPacket(
                        protocolVersion: connect.protocolVersion, sessionPresent: false,
                        returnCode: refused ? .notAuthorized : .accepted
                    ).encode()) ?? []
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
                    protocolVersion: version, packetIdentifier: subscribe.packetIdentifier,
                    reasonCodes: Array(repeating: code, count: max(1, subscribe.subscriptions.count))
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
                        qos: .atLeastOnce, packetIdentifier: 7
                    ).encode()) ?? []
            }
            return out
        case .pingReq:
            return (try? MQTTPacket.pingResp.encode()) ?? []
        case .disconnect:
            finished = true
            return []
        default:
            return []
        }
    }
}
