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

    public var protocolVersion: String
    public var status: Status
    public var returnCode: Int?
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
