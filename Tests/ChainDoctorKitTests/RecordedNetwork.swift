import ChainDoctorKit
import Foundation
import Synchronization
import TLSProbe
import TestSupport

/// A network for the probe runner without a server: the handshake observation a broker would give (its chain read
/// from TestChains), an in-memory MQTT broker on the session, a recorded version survey, and recorded plain-text
/// answers. Every handshake is counted, so a test can tell which phases ran.
final class RecordedNetwork: ProbeNetwork, @unchecked Sendable {
    enum Handshake {
        case succeeds(HandshakeObservation, broker: () -> InMemoryChannel)
        case fails(TLSProbeError)
    }

    let handshakeResult: Handshake
    let survey: [TLSVersionSurvey.Result]
    let plainAnswer: PlainExchange.Answer?
    private let counts = Mutex<(handshakes: Int, surveys: Int, plain: Int)>((0, 0, 0))
    private let lock = NSLock()
    private var channels: [InMemoryChannel] = []

    init(_ handshake: Handshake, survey: [TLSVersionSurvey.Result] = [], plainAnswer: PlainExchange.Answer? = nil) {
        self.handshakeResult = handshake
        self.survey = survey
        self.plainAnswer = plainAnswer
    }

    var handshakes: Int { counts.withLock { $0.handshakes } }
    var surveys: Int { counts.withLock { $0.surveys } }
    var plainQuestions: Int { counts.withLock { $0.plain } }
    /// The channel of the first session, as the MQTT step left it.
    var firstChannel: InMemoryChannel? { lock.withLock { channels.first } }

    func handshake(host: String, port: UInt16, options: TLSClientOptions) throws(TLSProbeError) -> any TLSSession {
        counts.withLock { $0.handshakes += 1 }
        switch handshakeResult {
        case .succeeds(let observation, let broker):
            let channel = broker()
            lock.withLock { channels.append(channel) }
            return RecordedSession(observation: observation, channel: channel)
        case .fails(let error):
            throw error
        }
    }

    func surveyVersions(
        host: String, port: UInt16, options: TLSClientOptions, known: [TLSVersionSurvey.Result]
    ) -> [TLSVersionSurvey.Result] {
        counts.withLock { $0.surveys += 1 }
        return survey
    }

    func askPlain(_ request: [UInt8], host: String, port: UInt16, timeoutSeconds: Double) -> PlainExchange.Answer? {
        counts.withLock { $0.plain += 1 }
        return plainAnswer
    }

    /// What `openssl s_server` or mosquitto would show for a TestChains scenario served as its certfile.
    static func observation(_ scenario: String, serverName: String? = "broker.test") throws -> HandshakeObservation {
        HandshakeObservation(
            connectedAddress: "127.0.0.1:8883", serverName: serverName, protocolVersion: "TLSv1.3",
            cipher: "TLS_AES_256_GCM_SHA384", presentedChain: try TestChainsFiles.presented(scenario),
            acceptableClientCANames: [], clientCertificateRequested: false, tcpMilliseconds: 0.1,
            handshakeMilliseconds: 1)
    }
}

/// A TLS session whose channel is memory.
final class RecordedSession: TLSSession {
    let observation: HandshakeObservation
    let channel: InMemoryChannel
    private(set) var closed = false

    init(observation: HandshakeObservation, channel: InMemoryChannel) {
        self.observation = observation
        self.channel = channel
    }

    func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError) {
        try channel.write(bytes, phase: phase)
    }

    func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8] {
        try channel.read(maximum: maximum, phase: phase)
    }

    func awaitPostHandshakeAlert(seconds: Double) -> TLSProbeError? { nil }

    func close() { closed = true }
}
