/// What the MQTT step over the TLS channel showed.
public struct MQTTOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        /// CONNACK with return code 0.
        case accepted
        /// CONNACK with a non-zero return code.
        case refused
        /// The answer was not MQTT (HTTP, TLS, garbage).
        case notMQTT = "not_mqtt"
        /// The broker closed the connection without a CONNACK.
        case closed
        /// No answer within the timeout.
        case timeout
        /// Not attempted: `--no-mqtt`.
        case skipped
        /// Not attempted because the chain failed verification and `--insecure` was not given.
        case withheld
        /// The TLS channel failed during the MQTT step (e.g. an alert after the handshake).
        case failed
    }

    /// What `--pubsub TOPIC` showed: may this client subscribe and publish there, and how long a message took.
    public struct PubSub: Sendable, Equatable {
        public var topic: String
        /// SUBACK granted a QoS.
        public var subscribed: Bool
        /// The SUBACK code in words.
        public var subscribeResult: String
        /// A SUBACK came (false: the SUBSCRIBE was not sent, or the broker closed or went silent instead).
        public var subscribeAnswered = true
        /// PUBACK received (for QoS 1).
        public var published: Bool
        /// The PUBACK code in words (MQTT 5), or why there was none.
        public var publishResult: String
        /// The probe message came back through the subscription.
        public var received: Bool
        public var roundTripMs: Double?
        public init(
            topic: String, subscribed: Bool, subscribeResult: String, published: Bool, publishResult: String,
            received: Bool, roundTripMs: Double?
        ) {
            self.topic = topic
            self.subscribed = subscribed
            self.subscribeResult = subscribeResult
            self.published = published
            self.publishResult = publishResult
            self.received = received
            self.roundTripMs = roundTripMs
        }
    }

    public var protocolVersion: String
    /// "tcp" (MQTT over TLS) or "websocket" (MQTT over wss).
    public var transport: String = "tcp"
    public var status: Status
    /// The MQTT 3.1/3.1.1 CONNACK return code.
    public var returnCode: Int?
    /// The MQTT 5 CONNACK reason code.
    public var reasonCode: Int?
    /// The CONNACK properties a user cares about (MQTT 5), by their spec names in camelCase.
    public var properties: [String: String] = [:]
    /// Whether a user name (and password) went to the broker; never the password itself.
    public var credentialsSent: Bool = false
    /// Why credentials the user gave were not sent.
    public var credentialsWithheld: String?
    /// The fix for this answer, in the broker's terms.
    public var advice: String?
    public var pubsub: PubSub?
    /// The broker's answer in words, or why there was none.
    public var reason: String
    public var sessionPresent: Bool?
    public var clientIdentifier: String?
    /// Bytes the peer sent in answer to CONNECT (0 for a peer that stayed silent).
    public var receivedBytes: Int

    public init(
        protocolVersion: String, status: Status, returnCode: Int? = nil, reason: String, sessionPresent: Bool? = nil,
        clientIdentifier: String? = nil, receivedBytes: Int = 0
    ) {
        self.receivedBytes = receivedBytes
        self.protocolVersion = protocolVersion
        self.status = status
        self.returnCode = returnCode
        self.reason = reason
        self.sessionPresent = sessionPresent
        self.clientIdentifier = clientIdentifier
    }
}
