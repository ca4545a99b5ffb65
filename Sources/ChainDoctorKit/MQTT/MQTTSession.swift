import FoundationSubstitutes
public import MQTTCodec
public import ProbeDiagnostics
public import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Who the client says it is. The password is bytes that go into CONNECT and nowhere else: no report,
/// no log, no error message.
public struct MQTTCredentials: Sendable {
    public var username: String
    public var password: [UInt8]?

    public init(username: String, password: [UInt8]?) {
        self.username = username
        self.password = password
    }
}

/// What the MQTT step is asked to do.
public struct MQTTSessionSettings: Sendable {
    public var protocolVersion: MQTTProtocolVersion
    public var clientIdentifier: String
    public var keepAliveSeconds: UInt16
    /// Sent only when the caller decided the channel deserves them.
    public var credentials: MQTTCredentials?
    public var pubsubTopic: String?
    public var timeoutSeconds: Double

    public init(
        protocolVersion: MQTTProtocolVersion, clientIdentifier: String, keepAliveSeconds: UInt16,
        credentials: MQTTCredentials?, pubsubTopic: String?, timeoutSeconds: Double
    ) {
        self.protocolVersion = protocolVersion
        self.clientIdentifier = clientIdentifier
        self.keepAliveSeconds = keepAliveSeconds
        self.credentials = credentials
        self.pubsubTopic = pubsubTopic
        self.timeoutSeconds = timeoutSeconds
    }
}

/// The MQTT step over an established channel (MQTT 3.1.1 §3.1-3.2, MQTT 5 §3.1-3.2): CONNECT, the CONNACK in
/// words with its fix, optionally SUBSCRIBE/PUBLISH/receive on a topic, then DISCONNECT.
public struct MQTTSession {
    public var channel: any ByteChannel
    public var settings: MQTTSessionSettings
    /// How long an acknowledged probe message may take to come back through the subscription before it counts
    /// as not delivered (a broker that drops a publish its ACL denies still acknowledges it).
    static let deliveryWaitSeconds = 2.0
    /// A CONNACK is a few bytes; a peer that sends much more before one is not an MQTT broker talking.
    public var maximumPacketBytes = 64 * 1024

    public init(channel: any ByteChannel, settings: MQTTSessionSettings) {
        self.channel = channel
        self.settings = settings
    }

    /// How the wait for a packet ended, when no packet came.
    enum Silence: Error {
        case closed(receivedBytes: Int, preview: String)
        case timedOut(receivedBytes: Int, preview: String)
        case notMQTT(String)
        case channelFailed(TLSProbeError)
        /// An MQTT 3.1.1 CONNACK refusing the protocol version, sent in answer to an MQTT 5 CONNECT.
        case versionRefusedInOlderDialect
    }

    /// Frames packets off the transport within a deadline.
    final class Reader {
        let channel: any ByteChannel
        var decoder: MQTTPacketDecoder
        var receivedBytes = 0
        var head: [UInt8] = []
        /// What this probe sent that no preview may show (the user name and password).
        let secrets: [[UInt8]]

        init(channel: any ByteChannel, version: MQTTProtocolVersion, maximum: Int, secrets: [[UInt8]] = []) {
            self.channel = channel
            self.decoder = MQTTPacketDecoder(maximumPacketSize: maximum, protocolVersion: version)
            self.secrets = secrets.filter { !$0.isEmpty }
        }

        var preview: String { MQTTSession.preview(head, withholding: secrets) }

        func next(within seconds: Double) throws(Silence) -> MQTTPacket {
            let watch = Stopwatch()
            while true {
                do {
                    if let packet = try decoder.nextPacket() { return packet }
                } catch {
                    // A 3.1.1-only broker answers an MQTT 5 CONNECT with a 3.1.1 CONNACK, return code 1.
                    if decoder.protocolVersion == .v5 && head.starts(with: [0x20, 0x02, 0x00, 0x01]) {
                        throw .versionRefusedInOlderDialect
                    }
                    throw .notMQTT(MQTTSession.describeForeign(head, error: error, withholding: secrets))
                }
                guard watch.elapsedMilliseconds / 1000 < seconds else {
                    throw .timedOut(receivedBytes: receivedBytes, preview: preview)
                }
                let bytes: [UInt8]
                do {
                    bytes = try channel.read(maximum: 16_384, phase: .mqtt)
                } catch .timedOut {
                    throw .timedOut(receivedBytes: receivedBytes, preview: preview)
                } catch {
                    throw .channelFailed(error)
                }
                if bytes.isEmpty { throw .closed(receivedBytes: receivedBytes, preview: preview) }
                receivedBytes += bytes.count
                if head.count < 64 { head += bytes.prefix(64 - head.count) }
                decoder.append(bytes)
            }
        }
    }

    public func run() -> MQTTOutcome {
        let version = settings.protocolVersion
        var outcome = MQTTOutcome(
            protocolVersion: version.displayName, status: .failed, reason: "",
            clientIdentifier: settings.clientIdentifier)
        outcome.credentialsSent = settings.credentials != nil
        // One clock for the whole session: CONNACK and --pubsub together stay within timeoutSeconds.
        let session = Stopwatch()
        let connect = ConnectPacket(
            protocolVersion: version, clientIdentifier: settings.clientIdentifier, cleanSession: true,
            keepAliveSeconds: settings.keepAliveSeconds, username: settings.credentials?.username,
            password: settings.credentials?.password,
            properties: version == .v5 ? [.requestProblemInformation(true)] : [])
        do {
            try channel.write(try connect.encode(), phase: .mqtt)
        } catch let error as TLSProbeError {
            outcome.reason = "sending CONNECT failed: \(error.description)"
            return outcome
        } catch {
            outcome.reason = "cannot encode CONNECT: \(error)"
            return outcome
        }
        let reader = Reader(
            channel: channel, version: version, maximum: maximumPacketBytes,
            secrets: [Array((settings.credentials?.username ?? "").utf8), settings.credentials?.password ?? []])
        let answer: MQTTPacket
        do {
            answer = try reader.next(within: settings.timeoutSeconds)
        } catch {
            describe(error, into: &outcome)
            return outcome
        }
        outcome.receivedBytes = reader.receivedBytes
        guard case .connAck(let connAck) = answer else {
            outcome.status = .notMQTT
            outcome.reason =
                "the first packet was not a CONNACK but \(answer.packetType.map { "\($0)" } ?? "another packet")"
            return outcome
        }
        MQTTAdvice.describe(connAck, version: version, hadCredentials: settings.credentials != nil, into: &outcome)
        if connAck.isAccepted, let topic = settings.pubsubTopic {
            outcome.pubsub = pubsub(topic: topic, reader: reader, since: session)
        }
        if connAck.isAccepted {
            try? channel.write(DisconnectPacket(protocolVersion: version).encode(), phase: .mqtt)
        }
        return outcome
    }

    func describe(_ silence: Silence, into outcome: inout MQTTOutcome) {
        let seconds = TLSProbeError.format(settings.timeoutSeconds)
        switch silence {
        case .closed(let count, let preview):
            outcome.receivedBytes = count
            if count == 0 {
                outcome.status = .closed
                outcome.reason = "the broker closed the connection without a CONNACK"
                outcome.advice = MQTTAdvice.closedWithoutConnAck(
                    version: settings.protocolVersion,
                    hadCredentials: settings.credentials != nil)
            } else {
                outcome.status = .notMQTT
                outcome.reason = "the peer sent \(count) bytes that are not a CONNACK, then closed: \(preview)"
            }
        case .timedOut(let count, let preview):
            outcome.receivedBytes = count
            outcome.status = .timeout
            if count == 0 && settings.protocolVersion == .v5 {
                outcome.reason = "no answer to the MQTT 5 CONNECT within \(seconds) s"
                outcome.advice = MQTTAdvice.mqtt5Ignored
            } else {
                outcome.reason =
                    count == 0
                    ? "no answer to CONNECT within \(seconds) s (what --timeout left): a broker that slow, or a TLS "
                        + "service that is not MQTT"
                    : "only \(count) bytes of an answer within \(seconds) s: \(preview)"
            }
        case .notMQTT(let description):
            outcome.status = .notMQTT
            outcome.reason = description
        case .channelFailed(let error):
            outcome.status = .failed
            outcome.reason = "the TLS channel failed before a CONNACK: \(error.description)"
        case .versionRefusedInOlderDialect:
            outcome.status = .refused
            outcome.returnCode = 1
            outcome.reason =
                "the broker answered the MQTT 5 CONNECT with an MQTT 3.1.1 CONNACK: unacceptable protocol version"
            outcome.advice = MQTTAdvice.speaksOnlyMQTT311
        }
    }

    /// SUBSCRIBE at QoS 1, PUBLISH a probe message at QoS 1, and wait for both its PUBACK and its return through
    /// the subscription (MQTT 3.1.1 §3.8, §3.3, §4.3.2).
    func pubsub(topic: String, reader: Reader, since session: Stopwatch = Stopwatch()) -> MQTTOutcome.PubSub {
        let version = settings.protocolVersion
        var result = MQTTOutcome.PubSub(
            topic: topic, subscribed: false, subscribeResult: "", published: false,
            publishResult: "", received: false, roundTripMs: nil)
        let payload = Array("chaindoctor probe \(UInt64.random(in: 0..<UInt64.max))".utf8)
        do {
            try channel.write(
                try SubscribePacket(
                    protocolVersion: version, packetIdentifier: 1,
                    subscriptions: [MQTTSubscription(topicFilter: topic, qos: .atLeastOnce)]
                ).encode(), phase: .mqtt)
        } catch {
            result.subscribeResult = "SUBSCRIBE not sent: \(error)"
            result.subscribeAnswered = false
            return result
        }
        // SUBACK first.
        func remaining() -> Double { max(0, settings.timeoutSeconds - session.elapsedMilliseconds / 1000) }
        subscribe: while true {
            do {
                switch try reader.next(within: remaining()) {
                case .subAck(let subAck) where subAck.packetIdentifier == 1:
                    let code = subAck.reasonCodes.first
                    result.subscribed = code?.grantedQoS != nil
                    result.subscribeResult = code.map { "\($0.description): \($0.explanation)" } ?? "empty SUBACK"
                    break subscribe
                default:
                    continue
                }
            } catch {
                result.subscribeResult = "no SUBACK: \(Self.summary(error))"
                result.subscribeAnswered = false
                return result
            }
        }
        let publishWatch = Stopwatch()
        do {
            try channel.write(
                try PublishPacket(
                    protocolVersion: version, topicName: topic, payload: payload, qos: .atLeastOnce, packetIdentifier: 2
                ).encode(), phase: .mqtt)
        } catch {
            result.publishResult = "PUBLISH not sent: \(error)"
            return result
        }
        result.publishResult = "no PUBACK"
        var acknowledged = false
        var deliveryDeadline: Double?
        while !(acknowledged && (result.received || !result.subscribed || !result.published)) {
            // Once the PUBACK is in, the message has at most `deliveryWaitSeconds` more to come back.
            let wait = deliveryDeadline.map { max(0, $0 - publishWatch.elapsedMilliseconds / 1000) } ?? remaining()
            let packet: MQTTPacket
            do {
                packet = try reader.next(within: min(wait, remaining()))
            } catch {
                if !acknowledged { result.publishResult = "no PUBACK: \(Self.summary(error))" }
                return result
            }
            switch packet {
            case .pubAck(let pubAck) where pubAck.packetIdentifier == 2:
                acknowledged = true
                result.published = pubAck.reasonCode.rawValue < 0x80
                result.publishResult =
                    version == .v5
                    ? "\(pubAck.reasonCode.description): \(pubAck.reasonCode.explanation)" : "PUBACK received"
                deliveryDeadline = publishWatch.elapsedMilliseconds / 1000 + Self.deliveryWaitSeconds
            case .publish(let message):
                if message.topicName == topic && message.payload == payload {
                    result.received = true
                    result.roundTripMs = (publishWatch.elapsedMilliseconds * 10).rounded() / 10
                }
                if let id = message.packetIdentifier, message.qos == .atLeastOnce {
                    try? channel.write(
                        PubAckPacket(protocolVersion: version, packetIdentifier: id).encode(), phase: .mqtt)
                }
            default:
                continue
            }
        }
        return result
    }

    static func summary(_ error: any Error) -> String {
        guard let silence = error as? Silence else { return "\(error)" }
        switch silence {
        case .closed: return "the broker closed the connection"
        case .timedOut: return "nothing within the timeout"
        case .notMQTT(let text): return text
        case .channelFailed(let error): return error.description
        case .versionRefusedInOlderDialect: return "the broker refused the protocol version"
        }
    }

    static func describeForeign(
        _ bytes: [UInt8], error: MQTTDecodingError, withholding secrets: [[UInt8]] = []
    )
        -> String
    {
        switch ForeignProtocolSniffer.sniff(bytes) {
        case .http: "the server answered HTTP, not MQTT: \(preview(bytes, withholding: secrets))"
        case .tlsRecord: "the server answered with TLS records inside TLS, not MQTT"
        default: "the answer is not MQTT: \(preview(bytes, withholding: secrets)) (\(error))"
        }
    }

    /// The first bytes of an answer, as text or hex; never what this probe sent: a peer that echoes the CONNECT
    /// (type 1) or repeats the user name or password gets a description instead, since the CONNECT holds both.
    static func preview(_ bytes: [UInt8], withholding secrets: [[UInt8]] = []) -> String {
        let head = bytes.prefix(32)
        let echoes = secrets.contains { secret in
            bytes.count >= secret.count
                && (0...(bytes.count - secret.count)).contains { bytes[$0..<$0 + secret.count].elementsEqual(secret) }
        }
        if bytes.first.map({ $0 >> 4 == 1 }) == true || echoes {
            return "\(bytes.count) bytes that echo this probe's CONNECT (not shown: it holds the credentials)"
        }
        if head.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x0D }) {
            return "\""
                + String(decoding: head, as: UTF8.self).replacingAll(of: "\r\n", with: "\\r\\n")
                .replacingAll(of: "\n", with: "\\n") + "\""
        }
        return head.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }
}
