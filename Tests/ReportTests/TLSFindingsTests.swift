import ChainDiagnostics
import Report
import Testing

/// The TLS-surface findings from what a probe saw, without a network: each client-certificate answer and each
/// version combination gives exactly its finding.
@Suite struct TLSFindingsTests {
    func session(required: Bool?, presented: Bool = false, alert: String? = nil, versions: [(String, Bool)] = [])
        -> ProbeReport.TLSSession
    {
        ProbeReport.TLSSession(
            version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
            versions: versions.isEmpty ? nil : versions.map { .init(version: $0.0, accepted: $0.1, cipher: nil, error: nil) },
            clientAuth: .init(requested: true, required: required, presented: presented, acceptableIssuers: [], alert: alert))
    }

    let client = TLSFindings.ClientSide(versions: ["TLSv1.2", "TLSv1.3"], hasClientCertificate: false)

    @Test func clientCertificateAnswers() {
        let required = TLSFindings.findings(session(required: true, alert: "certificate required"), client: client)
        #expect(required.map(\.id) == [.clientCertificateRequired])
        #expect(required.first?.severity == .error)

        let optional = TLSFindings.findings(session(required: false), client: client)
        #expect(optional.map(\.id) == [.clientCertificateRequested])
        #expect(optional.first?.message.contains("accepts clients without one") == true)

        // Closed without a certificate alert: not claimed to be optional.
        let unknown = TLSFindings.findings(session(required: nil, alert: "the peer closed the connection"), client: client)
        #expect(unknown.map(\.id) == [.clientCertificateRequested])
        #expect(unknown.first?.message.contains("could not be told") == true)

        let rejected = TLSFindings.findings(session(required: nil, presented: true, alert: "unknown ca"), client: client)
        #expect(rejected.map(\.id) == [.clientCertificateRejected])
        #expect(rejected.first?.fix.contains("cafile") == true)
    }

    @Test func versionFindings() {
        let legacy = session(required: false, versions: [("TLSv1", true), ("TLSv1.1", true), ("TLSv1.2", false), ("TLSv1.3", false)])
        #expect(TLSFindings.findings(legacy, client: client).map(\.id)
            == [.weakTLSVersion, .tls13Unsupported, .noCommonVersion, .clientCertificateRequested])
        let modern = session(required: false, versions: [("TLSv1", false), ("TLSv1.1", false), ("TLSv1.2", true), ("TLSv1.3", true)])
        #expect(TLSFindings.findings(modern, client: client).map(\.id) == [.clientCertificateRequested])
        // Nothing accepted (every survey handshake failed for another reason): no version claims at all.
        let none = session(required: false, versions: [("TLSv1", false), ("TLSv1.1", false), ("TLSv1.2", false), ("TLSv1.3", false)])
        #expect(TLSFindings.findings(none, client: client).map(\.id) == [.clientCertificateRequested])
    }
}
