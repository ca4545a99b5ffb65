import ChainDoctorKit
import MQTTCodec
import ProbeDiagnostics
import TestSupport
import Testing

/// The MQTT step over an in-memory channel: every kind of answer a broker (or something else) can give, without a
/// broker. The same session runs over TLS and WebSockets against mosquitto and amqtt in EndToEndTests.
@Suite(.timeLimit(.minutes(10))) struct MQTTSessionTests {
    func settings(
        _ version: MQTTProtocolVersion = .v3_1_1, credentials: MQTTCredentials? = nil, pubsub: String? = nil
    ) -> MQTTSessionSettings {
        MQTTSessionSettings(
            protocolVersion: version, clientIdentifier: "chaindoctor-test", keepAliveSeconds: 42,
            credentials: credentials, pubsubTopic: pubsub, timeoutSeconds: 1)
    }

    @Test func acceptedConnAckAndTheConnectThatAskedForIt() throws {
        let broker = ScriptedBroker(connectAnswer: .v3(.accepted))
        let channel = broker.channel()
        let outcome = MQTTSession(channel: channel, settings: settings()).run()
        #expect(outcome.status == .accepted)
        #expect(outcome.returnCode == 0)
        #expect(outcome.reason == "CONNACK accepted (return code 0)")
        #expect(outcome.credentialsSent == false)
        guard case .connect(let connect)? = broker.received.first else {
            Issue.record("the first packet was not CONNECT: \(broker.received)")
            return
        }
        #expect(connect.clientIdentifier == "chaindoctor-test")
        #expect(connect.keepAliveSeconds == 42)
        #expect(connect.username == nil && connect.password == nil)
        // An accepted session ends with DISCONNECT.
        guard case .disconnect? = broker.received.last else {
            Issue.record("no DISCONNECT at the end: \(broker.received)")
            return
        }
    }

    @Test func credentialsGoInConnectAndNowhereElse() throws {
        let password = Array("s3cret-password".utf8)
        let broker = ScriptedBroker(connectAnswer: .v3(.badUserNameOrPassword))
        let outcome = MQTTSession(
            channel: broker.channel(), settings: settings(credentials: .init(username: "probe", password: password))
        ).run()
        #expect(outcome.status == .refused)
        #expect(outcome.returnCode == 4)
        #expect(outcome.credentialsSent)
        #expect(outcome.advice?.contains("password_file") == true)
        guard case .connect(let connect)? = broker.received.first else {
            Issue.record("no CONNECT")
            return
        }
        #expect(connect.username == "probe")
        #expect(connect.password == password)
        #expect(!"\(outcome)".contains("s3cret"))
    }

    @Test func mqtt5ReasonCodesAndProperties() {
        let broker = ScriptedBroker(connectAnswer: .v5(.notAuthorized), protocolVersion: .v5)
        let outcome = MQTTSession(channel: broker.channel(), settings: settings(.v5)).run()
        #expect(outcome.status == .refused)
        #expect(outcome.reasonCode == 0x87)
        #expect(outcome.advice?.contains("allow_anonymous false") == true)
    }

    @Test func anMQTT311BrokerRefusingAnMQTT5Connect() {
        let broker = ScriptedBroker(connectAnswer: .bytes([0x20, 0x02, 0x00, 0x01]), protocolVersion: .v5)
        let outcome = MQTTSession(channel: broker.channel(), settings: settings(.v5)).run()
        #expect(outcome.status == .refused)
        #expect(outcome.returnCode == 1)
        #expect(outcome.advice == MQTTAdvice.speaksOnlyMQTT311)
    }

    @Test func silenceAndHangingUp() {
        let silent = MQTTSession(channel: ScriptedBroker(connectAnswer: .silence).channel(), settings: settings()).run()
        #expect(silent.status == .timeout)
        #expect(silent.receivedBytes == 0)
        #expect(silent.reason.contains("a broker that slow, or a TLS service that is not MQTT"))

        let ignored = MQTTSession(
            channel: ScriptedBroker(connectAnswer: .silence).channel(), settings: settings(.v5)
        ).run()
        #expect(ignored.advice == MQTTAdvice.mqtt5Ignored)

        let closed = MQTTSession(
            channel: ScriptedBroker(connectAnswer: .silence).channel(closesWhenIdle: true), settings: settings()
        ).run()
        #expect(closed.status == .closed)
        #expect(closed.reason == "the broker closed the connection without a CONNACK")
    }

    @Test func anHTTPServerIsNotMQTT() {
        let http = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)
        let outcome = MQTTSession(
            channel: ScriptedBroker(connectAnswer: .bytes(http)).channel(closesWhenIdle: true), settings: settings()
        ).run()
        #expect(outcome.status == .notMQTT)
        #expect(outcome.reason.hasPrefix("the server answered HTTP, not MQTT: \"HTTP/1.1 400 Bad Request"))
    }

    @Test func pubsubRoundTrip() {
        let broker = ScriptedBroker(connectAnswer: .v3(.accepted))
        let outcome = MQTTSession(channel: broker.channel(), settings: settings(pubsub: "chaindoctor/t")).run()
        let pubsub = outcome.pubsub
        #expect(pubsub?.subscribed == true)
        #expect(pubsub?.published == true)
        #expect(pubsub?.received == true)
        #expect(pubsub?.roundTripMs != nil)
    }

    /// No SUBACK at all is told apart from a refusal: the finding does not send the user to the ACL.
    @Test func noSubAckIsNotARefusal() {
        let silent = ScriptedBroker(connectAnswer: .v3(.accepted))
        silent.answersSubscriptions = false
        let outcome = MQTTSession(channel: silent.channel(), settings: settings(pubsub: "t")).run()
        #expect(outcome.pubsub?.subscribeAnswered == false)
        let finding = MQTTRules.findings(outcome).first { $0.id == .mqttSubscribeRefused }
        #expect(finding?.message.contains("never answered") == true, "\(String(describing: finding))")
        #expect(finding?.fix.contains("ACL") == false)

        let refusing = ScriptedBroker(connectAnswer: .v3(.accepted))
        refusing.grantsSubscriptions = false
        let refused = MQTTSession(channel: refusing.channel(), settings: settings(pubsub: "t")).run()
        #expect(refused.pubsub?.subscribeAnswered == true)
        #expect(MQTTRules.findings(refused).first { $0.id == .mqttSubscribeRefused }?.fix.contains("ACL") == true)
    }

    /// A peer that echoes what it receives sends the CONNECT back, credentials included: no preview shows it. With
    /// a one-letter client id, the first 32 bytes of the CONNECT reach into the password.
    @Test func anEchoedConnectIsNeverPreviewed() throws {
        let password = Array("s3cret-pw".utf8)
        let credentials = MQTTCredentials(username: "alice", password: password)
        let connect = try ConnectPacket(
            clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 42, username: "alice", password: password
        ).encode()
        let hex = password.prefix(3).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        // Cut short (the peer closes mid-packet), and shifted by one junk byte (not a CONNECT header any more).
        for echoed in [Array(connect.dropLast()), [0xFF] + Array(connect.dropLast())] {
            let peer = ScriptedBroker(connectAnswer: .bytes(echoed))
            let outcome = MQTTSession(
                channel: peer.channel(closesWhenIdle: true),
                settings: MQTTSessionSettings(
                    protocolVersion: .v3_1_1, clientIdentifier: "c", keepAliveSeconds: 42, credentials: credentials,
                    pubsubTopic: nil, timeoutSeconds: 1)
            ).run()
            for text in [outcome.reason, outcome.advice ?? ""] {
                #expect(!text.contains("s3cret") && !text.contains(hex), "\(text)")
            }
            #expect(outcome.reason.contains("not shown"), "\(outcome.reason)")
        }
    }

    @Test func pubsubDroppedOrRefused() {
        let dropping = ScriptedBroker(connectAnswer: .v3(.accepted))
        dropping.deliversPublishes = false
        let dropped = MQTTSession(channel: dropping.channel(), settings: settings(pubsub: "t")).run().pubsub
        #expect(dropped?.published == true)
        #expect(dropped?.received == false)

        let refusing = ScriptedBroker(connectAnswer: .v3(.accepted))
        refusing.grantsSubscriptions = false
        let refused = MQTTSession(channel: refusing.channel(), settings: settings(pubsub: "t")).run().pubsub
        #expect(refused?.subscribed == false)
        #expect(MQTTRules.findings(.init(protocolVersion: "3.1.1", status: .accepted, reason: "")).isEmpty)
    }
}
