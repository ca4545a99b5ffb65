import ChainDiagnostics
import Foundation
import MQTTCodec
import Synchronization
import Report
import TLSProbe

/// Runs the phases of a probe in order (tcp+tls, the TLS surface, verify, mqtt) and assembles the report.
/// Each phase that fails is recorded with its reason. A handshake that fails in a way that says something
/// (an alert, a port that speaks plain MQTT or HTTP) becomes findings; one that says nothing (refused, silent)
/// makes the verdict "unknown".
struct ProbeRunner: Sendable {
    var settings: ProbeSettings
    /// The only place the wall clock is read; the analyzer and OpenSSL get this value.
    var clock: @Sendable () -> Date
    /// A trust store already loaded (an audit loads it once for all its brokers); nil loads it from the settings.
    var trust: TrustStoreLoader.Loaded? = nil

    /// How long to wait, after the handshake, for a broker's verdict on the client certificate (TLS 1.3 sends
    /// it after the handshake, RFC 8446 §4.4.2.4).
    static let clientCertificateVerdictSeconds = 0.5

    /// With --mqtt-version auto, how long an MQTT 5 CONNECT may go unanswered before 3.1.1 is tried.
    static let mqtt5AnswerSeconds = 2.0

    var tlsOptions: TLSClientOptions {
        TLSClientOptions(
            serverName: settings.effectiveServerName, timeoutSeconds: settings.timeoutSeconds,
            versions: settings.tlsVersions, legacySecurity: settings.tlsVersions.map { $0.lowerBound < .tls1_2 } ?? false,
            alpn: settings.alpn, clientCertificate: settings.clientCertificate, requestOCSPStaple: true)
    }

    /// The version survey offers every version on its own and no ALPN, so that a refused ALPN value or a
    /// narrow --tls-version does not hide which versions the broker accepts.
    var surveyOptions: TLSClientOptions {
        var options = tlsOptions
        options.versions = nil
        options.alpn = []
        return options
    }

    /// Alerts with which a broker refuses a missing or unacceptable client certificate.
    static let clientCertificateAlerts: Set = [
        "certificate required", "handshake failure", "unknown ca", "bad certificate", "access denied",
        "certificate unknown", "unsupported certificate", "certificate expired", "decrypt error",
    ]

    /// The MQTT version the step uses, as reported when it does not run ("auto" for --mqtt-version auto).
    var mqttVersionName: String { settings.mqttVersion?.displayName ?? "auto" }

    func run() -> ProbeReport {
        let startedAt = clock()
        var report = ProbeReport(
            toolVersion: ChainDoctor.version, startedAt: startedAt, finishedAt: startedAt,
            checkedAt: settings.instant ?? startedAt,
            target: .init(host: settings.target.host, port: Int(settings.target.port), address: nil,
                          serverName: settings.effectiveServerName),
            identity: settings.identity.description,
            phases: [], tls: nil, trustStore: nil, chain: nil, openssl: nil, mqtt: nil, findings: [], probeError: nil)
        defer { report.finishedAt = clock() }

        let trust: TrustStoreLoader.Loaded
        do {
            trust = try self.trust ?? TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
            report.trustStore = trust.summary
        } catch {
            report.probeError = String(describing: error)
            return report
        }

        let options = tlsOptions
        let connection: TLSConnection
        do {
            connection = try TLSConnection.open(host: settings.target.host, port: settings.target.port, options: options)
        } catch {
            handshakeFailed(error, into: &report)
            return report
        }
        defer { connection.close() }
        let observation = connection.observation
        report.target?.address = observation.connectedAddress
        report.phases.append(.init(name: "tcp", status: .ok, durationMs: observation.tcpMilliseconds))
        report.phases.append(.init(name: "tls", status: .ok, durationMs: observation.handshakeMilliseconds))

        var tls = surface(of: observation)
        if observation.clientCertificateRequested {
            let alert = connection.awaitPostHandshakeAlert(seconds: min(Self.clientCertificateVerdictSeconds, settings.timeoutSeconds))
            tls.clientAuth?.alert = alert.map { $0.peerAlert ?? $0.description }
            if !observation.clientCertificatePresented {
                // Refused with a certificate alert: required. Nothing within the wait: optional. Closed without
                // a word: unknown.
                if let alert {
                    tls.clientAuth?.required = alert.peerAlert.map(Self.clientCertificateAlerts.contains) == true ? true : nil
                } else {
                    tls.clientAuth?.required = false
                }
            }
        }
        // Judge after capturing: ours, then OpenSSL's, at the same instant and against the same trust store.
        let verifyWatch = Stopwatch()
        let judgement = ChainJudge.judge(
            presentedChain: observation.presentedChain, trust: trust, identity: settings.identity,
            at: report.checkedAt, policy: settings.policy)
        report.chain = judgement.chain
        report.openssl = judgement.openssl
        report.findings += judgement.findings
        report.phases.append(.init(
            name: "verify", status: judgement.opensslError == nil ? .ok : .failed, error: judgement.opensslError,
            durationMs: verifyWatch.elapsedMilliseconds))

        let mqtt: MQTTOutcome
        if !settings.runMQTT {
            mqtt = MQTTOutcome(protocolVersion: mqttVersionName, status: .skipped, reason: "skipped (--no-mqtt)")
            report.phases.append(.init(name: "mqtt", status: .skipped))
        } else if !judgement.verified && !settings.insecure && !settings.sendCredentialsInsecurely {
            mqtt = MQTTOutcome(
                protocolVersion: mqttVersionName, status: .withheld,
                reason: "not attempted: the chain failed verification (use --insecure to test MQTT anyway)")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
        } else if let alert = tls.clientAuth?.alert {
            mqtt = MQTTOutcome(protocolVersion: mqttVersionName, status: .skipped,
                               reason: "not attempted: the broker closed the TLS channel (\(alert))")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
        } else {
            let watch = Stopwatch()
            mqtt = mqttStep(over: connection, chainVerified: judgement.verified)
            report.phases.append(.init(
                name: "mqtt", status: mqtt.status == .accepted || mqtt.status == .refused ? .ok : .failed,
                error: mqtt.status == .accepted ? nil : mqtt.reason, durationMs: watch.elapsedMilliseconds))
        }
        report.mqtt = mqtt
        report.findings += ProbeFindings.mqtt(mqtt)

        // The survey runs once this connection is closed, so a server that serves one client at a time
        // (openssl s_server, small embedded brokers) answers it too.
        connection.close()
        if !settings.quick { survey(into: &tls, observation: observation) }
        report.tls = tls
        report.findings += TLSFindings.findings(tls, client: clientSide)
        report.findings = report.findings.sortedWorstFirst()
        return report
    }

    var clientSide: TLSFindings.ClientSide {
        // Without --tls-version a client offers what OpenSSL offers at security level 2: TLS 1.2 and 1.3.
        .init(versions: TLSProtocolVersion.allCases.filter((settings.tlsVersions ?? .tls1_2 ... .tls1_3).contains).map(\.rawValue),
              hasClientCertificate: settings.clientCertificate != nil, certificateFacts: clientCertificateFacts)
    }

    /// The client certificate's subject, issuer and validity at the judged instant, for the evidence of a refusal.
    var clientCertificateFacts: String? {
        guard let file = settings.clientCertificate?.certificateFile,
              let certificate = try? TrustStoreLoader.parse(file: file).first
        else { return nil }
        let notAfter = certificate.certificate.notValidAfter
        let instant = settings.instant ?? clock()
        let validity = notAfter < instant
            ? "expired \(notAfter.formatted(.iso8601.year().month().day()))"
            : "valid until \(notAfter.formatted(.iso8601.year().month().day()))"
        return "client certificate '\(certificate.displayName)' issued by '\(certificate.issuer.displayName)', \(validity)"
    }

    /// The TLS block as the main handshake showed it.
    func surface(of observation: HandshakeObservation) -> ProbeReport.TLSSession {
        ProbeReport.TLSSession(
            version: observation.protocolVersion, cipher: observation.cipher,
            clientAuth: .init(
                requested: observation.clientCertificateRequested, required: nil,
                presented: observation.clientCertificatePresented,
                acceptableIssuers: observation.acceptableClientCANames.map(DistinguishedNameText.render), alert: nil),
            alpnOffered: settings.alpn, alpnSelected: observation.alpnSelected, serverName: observation.serverName,
            ocspStaple: observation.ocspStaple.map(Self.describe))
    }

    /// Each version on its own, and a handshake without SNI, all at once.
    func survey(into tls: inout ProbeReport.TLSSession, observation: HandshakeObservation) {
        let host = settings.target.host, port = settings.target.port
        let survey = surveyOptions
        let versions = Mutex<[ProbeReport.TLSSession.VersionSupport]>([])
        let withoutSNI = Mutex<Bool?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let results = Self.versionSupport(host: host, port: port, options: survey)
                versions.withLock { $0 = results }
            } else if observation.serverName != nil {
                var plain = survey
                plain.serverName = nil
                plain.requestOCSPStaple = false
                let leaf = try? TLSConnection.open(host: host, port: port, options: plain).observation.presentedChain.first
                withoutSNI.withLock { $0 = leaf.map { $0 != observation.presentedChain.first } }
            }
        }
        tls.versions = versions.withLock { $0 }
        tls.certificateDiffersWithoutSNI = withoutSNI.withLock { $0 }
    }

    /// Each TLS version tried on its own, as the report states it.
    static func versionSupport(host: String, port: UInt16, options: TLSClientOptions) -> [ProbeReport.TLSSession.VersionSupport] {
        TLSVersionSurvey.run(host: host, port: port, options: options).map {
            .init(version: $0.version.rawValue, accepted: $0.accepted, cipher: $0.cipher, error: $0.error)
        }
    }

    static func describe(_ staple: OCSPStaple) -> String {
        switch staple {
        case .none: "none"
        case .response(let status, let certificate, let bytes):
            "\(status)\(certificate.map { ", certificate \($0)" } ?? "") (\(bytes) bytes)"
        case .malformed(let bytes): "malformed (\(bytes) bytes)"
        }
    }
}
