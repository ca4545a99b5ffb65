import Findings
import ProbeDiagnostics
import TLSProbe
import Testing

/// The TLS-surface findings from what a probe saw, without a network: each client-certificate answer and each
/// version combination gives exactly its finding.
@Suite(.timeLimit(.minutes(10))) struct TLSSurfaceRulesTests {
    func session(
        required: Bool?, presented: Bool = false, answer: TLSSurface.BrokerAnswer? = nil,
        versions: [(TLSProtocolVersion, Bool)] = []
    ) -> TLSSurface {
        // The negotiated version is the newest the survey saw accepted (a negotiated version counts as accepted).
        TLSSurface(
            version: versions.filter(\.1).map(\.0).max() ?? .tls1_3, cipher: "TLS_AES_256_GCM_SHA384",
            versions: versions.isEmpty
                ? nil : versions.map { .init(version: $0.0, accepted: $0.1, cipher: nil, error: nil) },
            clientAuth: .init(
                requested: true, required: required, presented: presented, acceptableIssuers: [], answer: answer))
    }

    let client = TLSClientSide(versions: [.tls1_2, .tls1_3], hasClientCertificate: false)

    @Test func clientCertificateAnswers() {
        let required = TLSSurfaceRules.findings(
            session(required: true, answer: .alert(.certificateRequired)), client: client)
        #expect(required.map(\.id) == [.clientCertificateRequired])
        #expect(required.first?.severity == .error)

        let optional = TLSSurfaceRules.findings(session(required: false), client: client)
        #expect(optional.map(\.id) == [.clientCertificateRequested])
        #expect(optional.first?.message.contains("accepts clients without one") == true)

        // Closed without a certificate alert: not claimed to be optional.
        let unknown = TLSSurfaceRules.findings(
            session(required: nil, answer: .ended("the peer closed the connection")), client: client)
        #expect(unknown.map(\.id) == [.clientCertificateRequested])
        #expect(unknown.first?.message.contains("could not be told") == true)

        let rejected = TLSSurfaceRules.findings(
            session(required: nil, presented: true, answer: .alert(.unknownCA)), client: client)
        #expect(rejected.map(\.id) == [.clientCertificateRejected])
        #expect(rejected.first?.fix.contains("cafile") == true)
    }

    /// A survey handshake that got no answer in time is neither accepted nor refused, and the version the main
    /// handshake negotiated is accepted whatever its survey handshake did.
    @Test func anUnansweredSurveyIsNotARefusal() {
        let surface = TLSSurface(
            version: .tls1_3, cipher: "TLS_AES_256_GCM_SHA384",
            versions: [
                .init(version: .tls1_2, accepted: true, cipher: nil, error: nil),
                .init(version: .tls1_3, accepted: false, cipher: nil, error: "timed out", noAnswer: true),
            ])
        #expect(surface.acceptedVersions == [.tls1_2, .tls1_3])
        #expect(!TLSSurfaceRules.findings(surface, client: client).map(\.id).contains(.tls13Unsupported))
        var noHandshake = surface
        noHandshake.version = .tls1_2
        #expect(noHandshake.unansweredVersions == [.tls1_3])
        #expect(!TLSSurfaceRules.findings(noHandshake, client: client).map(\.id).contains(.tls13Unsupported))
    }

    @Test func versionFindings() {
        let legacy = session(
            required: false, versions: [(.tls1_0, true), (.tls1_1, true), (.tls1_2, false), (.tls1_3, false)])
        #expect(
            TLSSurfaceRules.findings(legacy, client: client).map(\.id)
                == [.weakTLSVersion, .tls13Unsupported, .noCommonVersion, .clientCertificateRequested])
        let modern = session(
            required: false, versions: [(.tls1_0, false), (.tls1_1, false), (.tls1_2, true), (.tls1_3, true)])
        #expect(TLSSurfaceRules.findings(modern, client: client).map(\.id) == [.clientCertificateRequested])
        // Nothing accepted (every survey handshake failed for another reason): no version claims at all.
        let none = session(
            required: false, versions: [(.tls1_0, false), (.tls1_1, false), (.tls1_2, false), (.tls1_3, false)])
        #expect(TLSSurfaceRules.findings(none, client: client).map(\.id) == [.clientCertificateRequested])
    }
}
