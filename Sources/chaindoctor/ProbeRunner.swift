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
struct ProbeRunner {
    var settings: ProbeSettings
    /// The only place the wall clock is read; the analyzer and OpenSSL get this value.
    var clock: () -> Date

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
            trust = try TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
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
            mqtt = MQTTOutcome(protocolVersion: "3.1.1", status: .skipped, reason: "skipped (--no-mqtt)")
            report.phases.append(.init(name: "mqtt", status: .skipped))
        } else if !judgement.verified && !settings.insecure && !settings.sendCredentialsInsecurely {
            mqtt = MQTTOutcome(
                protocolVersion: "3.1.1", status: .withheld,
                reason: "not attempted: the chain failed verification (use --insecure to test MQTT anyway)")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
        } else if let alert = tls.clientAuth?.alert {
            mqtt = MQTTOutcome(protocolVersion: "3.1.1", status: .skipped,
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

    /// CONNECT (and --pubsub) over the channel; with auto, MQTT 5 first and 3.1.1 on a fresh connection when the
    /// broker refuses the version or hangs up. Credentials go only over a verified chain, or when the user said
    /// --send-credentials-insecurely.
    func mqttStep(over connection: TLSConnection, chainVerified: Bool) -> MQTTOutcome {
        let sendCredentials = chainVerified || settings.sendCredentialsInsecurely
        func session(_ version: MQTTProtocolVersion, _ connection: TLSConnection, timeout: Double? = nil) -> MQTTOutcome {
            var outcome: MQTTOutcome
            switch transport(over: connection) {
            case .success(let transport):
                outcome = MQTTSession(
                    transport: transport,
                    settings: .init(
                        protocolVersion: version, clientIdentifier: settings.clientIdentifier,
                        keepAliveSeconds: settings.keepAliveSeconds, credentials: sendCredentials ? settings.credentials : nil,
                        pubsubTopic: settings.pubsubTopic, timeoutSeconds: timeout ?? settings.timeoutSeconds)
                ).run()
            case .failure(let error):
                outcome = MQTTOutcome(protocolVersion: version.displayName, status: .failed, reason: error.description,
                                      clientIdentifier: settings.clientIdentifier)
                outcome.advice = "The WebSocket upgrade failed: check the URL path (mosquitto and EMQX serve /mqtt) and "
                    + "that this port is the broker's WebSocket listener."
            }
            if case .websocket = settings.target.transport { outcome.transport = "websocket" }
            if settings.credentials != nil && !sendCredentials {
                outcome.credentialsWithheld = "the certificate chain failed verification"
            }
            return outcome
        }
        guard settings.mqttVersion == nil else { return session(settings.mqttVersion ?? .v3_1_1, connection) }
        // A broker that does not speak MQTT 5 refuses it (0x84, or a 3.1.1 CONNACK with return code 1), hangs up,
        // or ignores the CONNECT: the last is why auto waits only briefly for the MQTT 5 answer.
        let first = session(.v5, connection, timeout: min(settings.timeoutSeconds, Self.mqtt5AnswerSeconds))
        let versionRefused = first.reasonCode == 0x84 || first.returnCode == 1 || first.status == .closed
            || (first.status == .timeout && first.receivedBytes == 0)
        guard versionRefused, let retry = try? TLSConnection.open(
            host: settings.target.host, port: settings.target.port, options: tlsOptions)
        else { return first }
        defer { retry.close() }
        var second = session(.v3_1_1, retry)
        second.reason = "MQTT 5 refused (\(first.reason)); MQTT 3.1.1: " + second.reason
        return second
    }

    /// The byte channel MQTT runs over: the TLS connection itself, or a WebSocket upgraded on it.
    func transport(over connection: TLSConnection) -> Result<any MQTTTransport, TLSProbeError> {
        guard case .websocket(let path) = settings.target.transport else { return .success(connection) }
        return Result { () throws(TLSProbeError) -> any MQTTTransport in
            try WebSocketChannel.open(
                connection: connection, host: settings.effectiveServerName ?? settings.target.host,
                port: settings.target.port, path: path, timeoutSeconds: settings.timeoutSeconds)
        }
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
        let versions = Mutex<[TLSVersionSurvey.Result]>([])
        let withoutSNI = Mutex<Bool?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let results = TLSVersionSurvey.run(host: host, port: port, options: survey)
                versions.withLock { $0 = results }
            } else if observation.serverName != nil {
                var plain = survey
                plain.serverName = nil
                plain.requestOCSPStaple = false
                let leaf = try? TLSConnection.open(host: host, port: port, options: plain).observation.presentedChain.first
                withoutSNI.withLock { $0 = leaf.map { $0 != observation.presentedChain.first } }
            }
        }
        tls.versions = versions.withLock { $0 }.map {
            .init(version: $0.version.rawValue, accepted: $0.accepted, cipher: $0.cipher, error: $0.error)
        }
        tls.certificateDiffersWithoutSNI = withoutSNI.withLock { $0 }
    }

    static func describe(_ staple: OCSPStaple) -> String {
        switch staple {
        case .none: "none"
        case .response(let status, let certificate, let bytes):
            "\(status)\(certificate.map { ", certificate \($0)" } ?? "") (\(bytes) bytes)"
        case .malformed(let bytes): "malformed (\(bytes) bytes)"
        }
    }

    /// A failed handshake: what the failure says about the port, as findings, or the probe error when it says
    /// nothing more than that it failed.
    func handshakeFailed(_ error: TLSProbeError, into report: inout ProbeReport) {
        let target = "\(settings.target.host):\(settings.target.port)"
        if error.phase == .tcp {
            report.phases.append(.init(name: "tcp", status: .failed, error: error.description))
            report.probeError = "\(target): \(error.description)"
            return
        }
        report.phases.append(.init(name: "tcp", status: .ok))
        report.phases.append(.init(name: "tls", status: .failed, error: error.description))
        if case .timedOut = error {
            report.probeError = "\(target): \(error.description): the port accepts TCP but never answers a TLS ClientHello"
            return
        }
        if let alert = error.peerAlert ?? (error.versionMismatch ? "protocol version" : nil) {
            var requested = false
            if case .handshakeFailed(_, let certificateRequested) = error { requested = certificateRequested }
            var tls = ProbeReport.TLSSession(version: nil, cipher: nil, alpnOffered: settings.alpn, serverName: settings.effectiveServerName)
            if requested {
                tls.clientAuth = .init(requested: true, required: settings.clientCertificate == nil ? true : nil,
                                       presented: settings.clientCertificate != nil, acceptableIssuers: [], alert: alert)
            }
            if !settings.quick {
                tls.versions = TLSVersionSurvey.run(host: settings.target.host, port: settings.target.port, options: surveyOptions).map { .init(version: $0.version.rawValue, accepted: $0.accepted, cipher: $0.cipher, error: $0.error) }
            }
            report.tls = tls
            let versionFindings = TLSFindings.findings(tls, client: clientSide).filter { $0.id != .clientCertificateRequired }
            if alert == "protocol version", versionFindings.contains(where: { $0.id == .noCommonVersion }) {
                report.findings = versionFindings
            } else {
                report.findings = [TLSAlertAdvice.handshake(
                    alert: alert, certificateRequested: requested, offeredALPN: settings.alpn,
                    hasClientCertificate: settings.clientCertificate != nil)] + versionFindings
            }
            report.findings = report.findings.sortedWorstFirst()
            return
        }
        if error.peerIsNotTLS || error.peerHungUp,
           let finding = identifyPlainService(reason: error.description, certainlyNotTLS: error.peerIsNotTLS)
        {
            report.findings = [finding]
            return
        }
        report.probeError = "\(target): \(error.description)"
    }

    /// Asks the port in plain text what it speaks: an MQTT CONNECT answered by a CONNACK is a plain MQTT
    /// listener; an answer starting "HTTP/" is a web server.
    func identifyPlainService(reason: String, certainlyNotTLS: Bool) -> Finding? {
        let connect = (try? ConnectPacket(clientIdentifier: "chaindoctor-plain", cleanSession: true, keepAliveSeconds: 30).encode()) ?? []
        guard let answer = try? PlainExchange.send(
            connect, host: settings.target.host, port: settings.target.port, timeoutSeconds: settings.timeoutSeconds, maximum: 512)
        else { return nil }
        var decoder = MQTTPacketDecoder(maximumPacketSize: 512)
        decoder.append(answer.bytes)
        if case .connAck(let connAck)? = try? decoder.nextPacket() {
            return Finding(
                id: .plainMQTTListener, severity: .critical,
                message: "This port speaks MQTT without TLS: a TLS client cannot connect to it.",
                evidence: "the TLS ClientHello failed (\(reason)); a plain MQTT CONNECT got a CONNACK (\(connAck.codeDescription))",
                fix: "Connect without TLS to this port, or use the broker's TLS port (usually 8883); on the broker, the "
                    + "TLS listener needs certfile and keyfile (a listener without them is plain MQTT).")
        }
        // A web server answers the CONNECT bytes with an error page (with or without a status line), or, asked
        // properly, with one.
        var http = answer.bytes
        if !Self.looksLikeHTTP(http) {
            http = (try? PlainExchange.send(
                Array("HEAD / HTTP/1.0\r\nHost: \(settings.target.host)\r\n\r\n".utf8), host: settings.target.host,
                port: settings.target.port, timeoutSeconds: settings.timeoutSeconds, maximum: 512))?.bytes ?? []
        }
        if Self.looksLikeHTTP(http) {
            let statusLine = String(decoding: http.prefix { $0 != 0x0D && $0 != 0x0A }.prefix(80), as: UTF8.self)
            return Finding(
                id: .httpListener, severity: .critical,
                message: "This port is a plain HTTP server, not MQTT over TLS.",
                evidence: "the TLS ClientHello failed (\(reason)); plain text got '\(statusLine)'",
                fix: "Use the broker's MQTT TLS port (usually 8883); for MQTT over WebSockets use its wss:// URL.")
        }
        guard certainlyNotTLS else { return nil }
        return Finding(
            id: .notTLS, severity: .critical,
            message: "This port does not speak TLS, nor answer an MQTT CONNECT in plain text.",
            evidence: "the TLS ClientHello failed (\(reason)); a plain CONNECT got "
                + (answer.bytes.isEmpty ? (answer.closed ? "the connection closed" : "no answer") : "\(answer.bytes.count) bytes"),
            fix: "Check the port number: this service is neither MQTT over TLS nor plain MQTT.")
    }

    static func looksLikeHTTP(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
        return head.hasPrefix("http/") || head.contains("<!doctype html") || head.contains("<html")
    }
}
