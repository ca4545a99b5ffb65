import ChainDiagnostics
import Dispatch
import FoundationSubstitutes
import ProbeDiagnostics
import Synchronization
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The TLS surface: what the main handshake showed, the broker's verdict on a client certificate, and the survey
/// of versions and SNI that runs after the main connection is closed.
extension ProbeRunner {
    /// The TLS block as the main handshake showed it.
    func surface(of observation: HandshakeObservation) -> TLSSurface {
        TLSSurface(
            version: TLSProtocolVersion(rawValue: observation.protocolVersion), cipher: observation.cipher,
            clientAuth: .init(
                requested: observation.clientCertificateRequested, required: nil,
                presented: observation.clientCertificatePresented,
                acceptableIssuers: observation.acceptableClientCANames.map(DistinguishedNameText.render), answer: nil),
            alpnOffered: settings.alpn, alpnSelected: observation.alpnSelected, serverName: observation.serverName,
            ocspStaple: observation.ocspStaple)
    }

    /// After a CertificateRequest, waits briefly for the broker's verdict: refused with a certificate alert means
    /// required; nothing within the wait means optional; closed without a word leaves it unknown.
    func awaitClientCertificateVerdict(on session: any TLSSession, into tls: inout TLSSurface) {
        guard session.observation.clientCertificateRequested else { return }
        let alert = session.awaitPostHandshakeAlert(
            seconds: min(Self.clientCertificateVerdictSeconds, settings.stepSeconds))
        tls.clientAuth?.answer = alert.map { $0.alert.map(TLSSurface.BrokerAnswer.alert) ?? .ended($0.description) }
        guard !session.observation.clientCertificatePresented else { return }
        if let alert {
            tls.clientAuth?.required = alert.alert.map(ClientAuthRules.refusalAlerts.contains) == true ? true : nil
        } else {
            tls.clientAuth?.required = false
        }
    }

    /// Each version on its own, and a handshake without SNI, all at once.
    func survey(into tls: inout TLSSurface, observation: HandshakeObservation) {
        let host = settings.target.host, port = settings.target.port
        let survey = surveyOptions
        let network = self.network
        let versions = Mutex<[TLSVersionSurvey.Result]>([])
        let withoutSNI = Mutex<Bool?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                // The version the main handshake negotiated is accepted: no handshake of its own for it.
                let known =
                    TLSProtocolVersion(rawValue: observation.protocolVersion).map {
                        [TLSVersionSurvey.Result(version: $0, accepted: true, cipher: observation.cipher, error: nil)]
                    } ?? []
                let results = network.surveyVersions(host: host, port: port, options: survey, known: known)
                versions.withLock { $0 = results }
            } else if observation.serverName != nil {
                var plain = survey
                plain.serverName = nil
                plain.requestOCSPStaple = false
                let session = try? network.handshake(host: host, port: port, options: plain)
                let leaf = session?.observation.presentedChain.first
                session?.close()
                withoutSNI.withLock { $0 = leaf.map { $0 != observation.presentedChain.first } }
            }
        }
        tls.versions = versions.withLock { $0 }
        tls.certificateDiffersWithoutSNI = withoutSNI.withLock { $0 }
    }

    /// How the client is configured, for the TLS rules to judge the broker's answers against. Without
    /// --tls-version a client offers what OpenSSL offers at security level 2: TLS 1.2 and 1.3. TLS 1.0 and 1.1
    /// need SHA-1 signatures, which OpenSSL 3 refuses at any level above 0 ("legacy sigalg disallowed"): a client
    /// can use them only with @SECLEVEL=0 in its --ciphers.
    var clientSide: TLSClientSide {
        let offered = TLSProtocolVersion.allCases.filter((settings.tlsVersions ?? .tls1_2 ... .tls1_3).contains)
        let legacyAllowed = settings.ciphers?.includes("@SECLEVEL=0") == true
        return TLSClientSide(
            versions: legacyAllowed ? offered : offered.filter { $0 >= .tls1_2 },
            hasClientCertificate: settings.clientCertificate != nil, certificateFacts: clientCertificateFacts,
            offeredALPN: settings.alpn)
    }

    /// The client certificate's subject, issuer and validity at the judged instant, for the evidence of a refusal.
    var clientCertificateFacts: String? {
        guard let file = settings.clientCertificate?.certificateFile,
            let certificate = try? TrustStoreLoader.parse(file: file).first
        else { return nil }
        let notAfter = certificate.certificate.notValidAfter
        let instant = settings.instant ?? clock()
        let validity =
            notAfter < instant
            ? "expired \(notAfter.iso8601DayText)"
            : "valid until \(notAfter.iso8601DayText)"
        return
            "client certificate '\(certificate.displayName)' issued by '\(certificate.issuer.displayName)', \(validity)"
    }
}
