public import ChainDiagnostics

/// Findings that come from comparing steps rather than from the chain alone.
public enum ProbeFindings {
    /// Our verdict must agree with OpenSSL's X509_verify_cert; when it does not, say so loudly: one of the
    /// two is wrong, and the user deserves to know which text their client will print.
    public static func agreement(chain: ChainAnalysis, openssl: ProbeReport.OpenSSLVerdict) -> [Finding] {
        let ours = chain.acceptedByStandardClient
        let theirs = openssl.verifyCode == 0
        guard ours != theirs else { return [] }
        return [
            Finding(
                id: .verdictDisagreement, severity: .error,
                message: ours
                    ? "chaindoctor accepts this chain but OpenSSL rejects it: \(openssl.verifyError)."
                    : "chaindoctor rejects this chain but OpenSSL accepts it.",
                evidence: "OpenSSL verify code \(openssl.verifyCode) (\(openssl.verifyError)) at depth \(openssl.depth)",
                fix: "Trust OpenSSL's verdict for OpenSSL-based clients and please report this case to chaindoctor.")
        ]
    }

    public static func mqtt(_ outcome: MQTTOutcome) -> [Finding] {
        switch outcome.status {
        case .accepted, .skipped:
            return []
        case .withheld:
            return [
                Finding(
                    id: .mqttWithheld, severity: .info,
                    message: "The MQTT step was not run: the chain failed verification.",
                    evidence: outcome.reason, fix: "Fix the chain first, or pass --insecure to test MQTT regardless.")
            ]
        case .refused:
            return [
                Finding(
                    id: .mqttConnectionRefused, severity: .error,
                    message: "The broker refused the MQTT connection: \(outcome.reason).",
                    evidence: "CONNACK return code \(outcome.returnCode.map(String.init) ?? "?")",
                    fix: "Check the broker's authentication settings (allow_anonymous, password_file) for this listener.")
            ]
        case .notMQTT:
            return [
                Finding(
                    id: .notMQTT, severity: .error,
                    message: "The TLS endpoint does not speak MQTT: \(outcome.reason).",
                    evidence: outcome.reason,
                    fix: "Check the port: this TLS service is not an MQTT broker (MQTT over TLS is usually 8883).")
            ]
        case .timeout where outcome.receivedBytes == 0:
            // An MQTT broker answers CONNECT at once; a TLS service that says nothing is something else.
            return [
                Finding(
                    id: .notMQTT, severity: .error,
                    message: "The TLS endpoint does not behave like an MQTT broker: it never answered CONNECT.",
                    evidence: outcome.reason,
                    fix: "Check the port: this TLS service is not an MQTT broker (MQTT over TLS is usually 8883).")
            ]
        case .closed, .timeout, .failed:
            return [
                Finding(
                    id: .mqttNoConnAck, severity: .error,
                    message: "No CONNACK: \(outcome.reason).", evidence: outcome.reason,
                    fix: "Read the broker's log for this connection: a listener that requires a client certificate, "
                        + "an authentication plugin, or a service that is not MQTT closes or stays silent like this.")
            ]
        }
    }
}
