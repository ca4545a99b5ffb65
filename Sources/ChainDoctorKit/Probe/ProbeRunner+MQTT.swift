import MQTTCodec
import ProbeDiagnostics
import Report
import TLSProbe
import WebSocket

extension ProbeRunner {
    /// The MQTT version the step uses, as reported when it does not run ("auto" for --mqtt-version auto).
    var mqttVersionName: String { settings.mqttVersion?.displayName ?? "auto" }

    /// Whether the MQTT step runs (not with --no-mqtt, not over a chain that failed verification unless the user
    /// said so, not over a channel the broker already closed), and what it showed.
    func mqttPhase(
        over session: any TLSSession, judgement: ChainJudge.Judgement, tls: TLSSurface,
        into report: inout ProbeReport
    ) -> MQTTOutcome {
        if !settings.runMQTT {
            report.phases.append(.init(name: "mqtt", status: .skipped))
            return MQTTOutcome(protocolVersion: mqttVersionName, status: .skipped, reason: "skipped (--no-mqtt)")
        }
        if !judgement.verified && !settings.insecure && !settings.sendCredentialsInsecurely {
            let mqtt = MQTTOutcome(
                protocolVersion: mqttVersionName, status: .withheld,
                reason: "not attempted: the chain failed verification (use --insecure to test MQTT anyway)")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
            return mqtt
        }
        if let alert = tls.clientAuth?.answer {
            let mqtt = MQTTOutcome(
                protocolVersion: mqttVersionName, status: .skipped,
                reason: "not attempted: the broker closed the TLS channel (\(alert))")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
            return mqtt
        }
        let watch = Stopwatch()
        let mqtt = mqttStep(over: session, chainVerified: judgement.verified)
        report.phases.append(
            .init(
                name: "mqtt", status: mqtt.status == .accepted || mqtt.status == .refused ? .ok : .failed,
                error: mqtt.status == .accepted ? nil : mqtt.reason, durationMs: watch.elapsedMilliseconds))
        return mqtt
    }

    /// CONNECT (and --pubsub) over the channel; with auto, MQTT 5 first and 3.1.1 on a fresh connection when the
    /// broker refuses the version or hangs up. Credentials go only over a verified chain, or when the user said
    /// --send-credentials-insecurely.
    func mqttStep(over session: any TLSSession, chainVerified: Bool) -> MQTTOutcome {
        let sendCredentials = chainVerified || settings.sendCredentialsInsecurely
        guard settings.mqttVersion == nil else {
            return mqttSession(settings.mqttVersion ?? .v3_1_1, over: session, sendCredentials: sendCredentials)
        }
        // A broker that does not speak MQTT 5 refuses it (0x84, or a 3.1.1 CONNACK with return code 1), hangs up,
        // or ignores the CONNECT: the last is why auto waits only briefly for the MQTT 5 answer (at most half of
        // what --timeout leaves, so that 3.1.1 gets the other half).
        let first = mqttSession(
            .v5, over: session, sendCredentials: sendCredentials,
            timeout: min(settings.stepSeconds / 2, Self.mqtt5AnswerSeconds))
        let versionRefused =
            first.reasonCode == 0x84 || first.returnCode == 1 || first.status == .closed
            || (first.status == .timeout && first.receivedBytes == 0)
        guard versionRefused,
            let retry = try? network.handshake(
                host: settings.target.host, port: settings.target.port, options: tlsOptions)
        else { return first }
        defer { retry.close() }
        var second = mqttSession(.v3_1_1, over: retry, sendCredentials: sendCredentials)
        second.reason = "MQTT 5 refused (\(first.reason)); MQTT 3.1.1: " + second.reason
        return second
    }

    /// One MQTT session of the given version over the session's channel.
    func mqttSession(
        _ version: MQTTProtocolVersion, over session: any TLSSession, sendCredentials: Bool, timeout: Double? = nil
    ) -> MQTTOutcome {
        var outcome: MQTTOutcome
        switch channel(over: session) {
        case .success(let channel):
            outcome = MQTTSession(
                channel: channel,
                settings: .init(
                    protocolVersion: version, clientIdentifier: settings.clientIdentifier,
                    keepAliveSeconds: settings.keepAliveSeconds,
                    credentials: sendCredentials ? settings.credentials : nil,
                    pubsubTopic: settings.pubsubTopic, timeoutSeconds: timeout ?? settings.stepSeconds)
            ).run()
        case .failure(let error):
            outcome = MQTTOutcome(
                protocolVersion: version.displayName, status: .failed, reason: error.description,
                clientIdentifier: settings.clientIdentifier)
            outcome.advice = MQTTAdvice.webSocketUpgradeFailed
        }
        if case .websocket = settings.target.transport { outcome.transport = "websocket" }
        if settings.credentials != nil && !sendCredentials {
            outcome.credentialsWithheld = "the certificate chain failed verification"
        }
        return outcome
    }

    /// The byte channel MQTT runs over: the TLS session itself, or a WebSocket upgraded on it.
    func channel(over session: any TLSSession) -> Result<any ByteChannel, TLSProbeError> {
        guard case .websocket(let path) = settings.target.transport else { return .success(session) }
        return Result { () throws(TLSProbeError) -> any ByteChannel in
            try WebSocketChannel.open(
                connection: session, host: settings.effectiveServerName ?? settings.target.host,
                port: settings.target.port, path: path, timeoutSeconds: settings.stepSeconds)
        }
    }
}
