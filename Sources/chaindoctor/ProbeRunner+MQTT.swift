import MQTTCodec
import Report
import TLSProbe
import WebSocket

extension ProbeRunner {
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
}
