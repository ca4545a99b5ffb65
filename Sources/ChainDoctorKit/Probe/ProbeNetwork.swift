public import TLSProbe

/// An established TLS session a probe runs over: what the handshake showed, the channel MQTT speaks on, and the
/// broker's late verdict on a client certificate (TLS 1.3 sends it after the handshake, RFC 8446 §4.4.2.4).
public protocol TLSSession: ByteChannel {
    var observation: HandshakeObservation { get }
    /// The failure the server announces unprompted within `seconds`, or nil when nothing but session tickets came.
    func awaitPostHandshakeAlert(seconds: Double) -> TLSProbeError?
    /// Sends close_notify (best effort) and closes; safe to call twice.
    func close()
}

extension TLSConnection: TLSSession {}

/// Everything a probe asks of the network. `OpenSSLNetwork` is the real one; a test gives a recorded handshake
/// and an in-memory broker instead, so the probe's phases run without a server.
public protocol ProbeNetwork: Sendable {
    /// Connects and completes a TLS handshake, capturing the chain whatever it is (no verification).
    func handshake(host: String, port: UInt16, options: TLSClientOptions) throws(TLSProbeError) -> any TLSSession
    /// Each TLS version tried on its own.
    /// `known`: what the main handshake already showed (a version it negotiated), not asked again.
    func surveyVersions(
        host: String, port: UInt16, options: TLSClientOptions, known: [TLSVersionSurvey.Result]
    ) -> [TLSVersionSurvey.Result]
    /// One request in plain TCP and what came back; nil when no connection could be made.
    func askPlain(_ request: [UInt8], host: String, port: UInt16, timeoutSeconds: Double) -> PlainExchange.Answer?
    /// Every address a name resolves to (`--all-addresses`), numeric, each once.
    func addresses(of host: String) throws(TLSProbeError) -> [String]
}

extension ProbeNetwork {
    public func addresses(of host: String) throws(TLSProbeError) -> [String] {
        try AddressResolver.addresses(of: host)
    }
}

/// The network as OpenSSL and the socket layer reach it.
public struct OpenSSLNetwork: ProbeNetwork {
    /// A plain-text answer longer than this says nothing more about what the port speaks.
    static let plainAnswerBytes = 512

    public init() {}

    public func handshake(
        host: String, port: UInt16, options: TLSClientOptions
    ) throws(TLSProbeError)
        -> any TLSSession
    {
        try TLSConnection.open(host: host, port: port, options: options)
    }

    public func surveyVersions(
        host: String, port: UInt16, options: TLSClientOptions, known: [TLSVersionSurvey.Result]
    ) -> [TLSVersionSurvey.Result] {
        TLSVersionSurvey.run(host: host, port: port, options: options, known: known)
    }

    public func askPlain(
        _ request: [UInt8], host: String, port: UInt16, timeoutSeconds: Double
    )
        -> PlainExchange.Answer?
    {
        try? PlainExchange.send(
            request, host: host, port: port, timeoutSeconds: timeoutSeconds, maximum: Self.plainAnswerBytes,
            isComplete: Self.completeAnswer(to: request))
    }

    /// When an answer says all it will: a whole CONNACK to a CONNECT (a plain MQTT listener then waits for the
    /// client, so reading on would only cost the rest of the timeout), the headers to an HTTP HEAD.
    static func completeAnswer(to request: [UInt8]) -> @Sendable ([UInt8]) -> Bool {
        if request.first == 0x10 {
            return { answer in
                guard answer.first == 0x20, answer.count >= 2 else { return false }
                var length = 0
                var multiplier = 1
                for index in 1..<min(answer.count, 5) {
                    length += Int(answer[index] & 0x7F) * multiplier
                    if answer[index] & 0x80 == 0 { return answer.count >= index + 1 + length }
                    multiplier *= 128
                }
                return false
            }
        }
        if request.starts(with: Array("HEAD ".utf8)) {
            return { answer in
                answer.count >= 4
                    && (0...(answer.count - 4)).contains { answer[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
            }
        }
        return { _ in false }
    }
}
