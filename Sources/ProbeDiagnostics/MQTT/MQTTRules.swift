public import Findings

/// What the MQTT step showed (MQTT 3.1.1 §3.1-3.2, §3.8, §3.3; MQTT 5 §3.1-3.2): a refused or missing CONNACK, an
/// endpoint that is not MQTT, credentials withheld, and what --pubsub found. Fixes come from `MQTTAdvice`.
public enum MQTTRules {
    public static func findings(_ outcome: MQTTOutcome) -> [Finding] {
        var findings: [Finding] = []
        if let withheld = outcome.credentialsWithheld {
            findings.append(
                Finding(
                    id: .mqttCredentialsWithheld, severity: .info,
                    message: "The user name and password were not sent: \(withheld).",
                    evidence: "credentials given; chain verification failed",
                    fix:
                        "Fix the chain first; --send-credentials-insecurely sends them anyway (to whoever holds this certificate's key)."
                ))
        }
        switch outcome.status {
        case .accepted, .skipped:
            break
        case .withheld:
            findings.append(
                Finding(
                    id: .mqttWithheld, severity: .info,
                    message: "The MQTT step was not run: the chain failed verification.",
                    evidence: outcome.reason, fix: "Fix the chain first, or pass --insecure to test MQTT regardless."))
        case .refused:
            let code =
                outcome.reasonCode.map { "CONNACK reason code 0x\(String($0, radix: 16, uppercase: true))" }
                ?? "CONNACK return code \(outcome.returnCode.map(String.init) ?? "?")"
            findings.append(
                Finding(
                    id: .mqttConnectionRefused, severity: .error,
                    message: "The broker refused the MQTT connection: \(outcome.reason).",
                    evidence: code
                        + (outcome.credentialsSent ? "; credentials were sent" : "; no credentials were sent"),
                    fix: outcome.advice
                        ?? "Check the broker's authentication settings (allow_anonymous, password_file) for this listener."
                ))
        case .notMQTT:
            findings.append(
                Finding(
                    id: .notMQTT, severity: .error,
                    message: "The TLS endpoint does not speak MQTT: \(outcome.reason).",
                    evidence: outcome.reason,
                    fix: "Check the port: this TLS service is not an MQTT broker (MQTT over TLS is usually 8883)."))
        case .timeout where outcome.receivedBytes == 0 && outcome.protocolVersion != "5":
            // Silence is not proof of another protocol: a loaded broker can be slower than what --timeout left.
            findings.append(
                Finding(
                    id: .mqttNoConnAck, severity: .error,
                    message: "No CONNACK: the TLS endpoint never answered CONNECT in the time --timeout left.",
                    evidence: outcome.reason,
                    fix: "Probe again with a longer --timeout. If it still says nothing, check the port: an MQTT "
                        + "broker answers CONNECT at once, and a silent TLS service is probably not MQTT (MQTT over "
                        + "TLS is usually 8883)."))
        case .closed, .timeout, .failed:
            findings.append(
                Finding(
                    id: .mqttNoConnAck, severity: .error,
                    message: "No CONNACK: \(outcome.reason).", evidence: outcome.reason,
                    fix: outcome.advice
                        ?? "Read the broker's log for this connection: a listener that requires a client certificate, "
                        + "an authentication plugin, or a service that is not MQTT closes or stays silent like this."))
        }
        if let pubsub = outcome.pubsub { findings += Self.pubsub(pubsub) }
        return findings
    }

    /// --pubsub: may this client subscribe and publish on the topic, and did the message come back.
    static func pubsub(_ pubsub: MQTTOutcome.PubSub) -> [Finding] {
        var findings: [Finding] = []
        if !pubsub.subscribed && !pubsub.subscribeAnswered {
            // No SUBACK at all is not a refusal: do not send the user to an ACL that may be fine.
            findings.append(
                Finding(
                    id: .mqttSubscribeRefused, severity: .error,
                    message: "The broker never answered this client's SUBSCRIBE to '\(pubsub.topic)' (no SUBACK).",
                    evidence: pubsub.subscribeResult,
                    fix: "Read the broker's log for this connection: a broker that closes the connection on a denied "
                        + "subscription (MQTT 3.1.1 allows it), a topic filter it cannot take, or a broker slower than "
                        + "--timeout; probe again with a longer --timeout to tell."))
        } else if !pubsub.subscribed {
            findings.append(
                Finding(
                    id: .mqttSubscribeRefused, severity: .error,
                    message: "The broker refused this client's subscription to '\(pubsub.topic)'.",
                    evidence: pubsub.subscribeResult,
                    fix:
                        "Allow it in the broker's ACL (mosquitto acl_file: topic read \(pubsub.topic)) for this user, or use a topic it may read."
                ))
        }
        if !pubsub.published || (pubsub.subscribed && !pubsub.received) {
            findings.append(
                Finding(
                    id: .mqttPublishNotDelivered, severity: .error,
                    message: pubsub.published
                        ? "The probe message to '\(pubsub.topic)' was acknowledged but never delivered back."
                        : "The broker did not accept the probe message to '\(pubsub.topic)'.",
                    evidence: "publish: \(pubsub.publishResult); subscribe: \(pubsub.subscribeResult)",
                    fix:
                        "mosquitto acknowledges a publish its ACL denies and drops it silently: allow 'topic write \(pubsub.topic)' "
                        + "(and read) for this user in the acl_file, or use a topic it may use."))
        }
        return findings
    }
}
