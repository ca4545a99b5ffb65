public import MQTTCodec

/// Every broker answer in words, with the likely fix in the broker's terms (MQTT 3.1.1 §3.2.2.3 table 3.1,
/// MQTT 5 §3.2.2.2 table 3-1).
public enum MQTTAdvice {
    public static func describe(
        _ connAck: ConnAckPacket, version: MQTTProtocolVersion, hadCredentials: Bool, into outcome: inout MQTTOutcome
    ) {
        outcome.sessionPresent = connAck.sessionPresent
        outcome.status = connAck.isAccepted ? .accepted : .refused
        if version == .v5 {
            let code = connAck.reasonCode
            outcome.reasonCode = Int(code.rawValue)
            outcome.reason =
                connAck.isAccepted
                ? "CONNACK accepted (reason code 0x00 Success)" : "\(code.description): \(code.explanation)"
            outcome.properties = properties(connAck.properties)
            if !connAck.isAccepted {
                outcome.advice = fix(v5: code, properties: connAck.properties, hadCredentials: hadCredentials)
            }
        } else {
            let code = connAck.returnCode
            outcome.returnCode = Int(code.rawValue)
            outcome.reason = connAck.isAccepted ? "CONNACK accepted (return code 0)" : code.description
            if !connAck.isAccepted { outcome.advice = fix(v3: code, version: version, hadCredentials: hadCredentials) }
        }
    }

    public static func fix(v3 code: ConnectReturnCode, version: MQTTProtocolVersion, hadCredentials: Bool) -> String {
        switch code {
        case .accepted: ""
        case .unacceptableProtocolVersion:
            "The broker does not speak MQTT \(version.displayName) on this listener: try --mqtt-version 5 or 3.1 (or auto)."
        case .identifierRejected:
            "The broker refuses this client identifier (too long, reserved, or not allowed by a plugin): set --client-id."
        case .serverUnavailable:
            "The broker is up but refuses service (overloaded, or a plugin or bridge is down): retry, and read its log."
        case .badUserNameOrPassword: badCredentials(hadCredentials)
        case .notAuthorized: notAuthorized(hadCredentials)
        case .reserved(let value):
            "Return code \(value) is not defined by MQTT 3.1.1: the broker is non-conforming; read its log."
        }
    }

    public static func fix(v5 code: ConnAckReasonCode, properties: MQTTProperties, hadCredentials: Bool) -> String {
        switch code {
        case .unsupportedProtocolVersion:
            "The broker does not speak MQTT 5 on this listener: use --mqtt-version 3.1.1 (or auto)."
        case .clientIdentifierNotValid: "The broker refuses this client identifier: set --client-id."
        case .badUserNameOrPassword: badCredentials(hadCredentials)
        case .notAuthorized: notAuthorized(hadCredentials)
        case .serverUnavailable, .serverBusy, .connectionRateExceeded, .quotaExceeded:
            "The broker refuses service for now: retry later, and read its log for the limit that was hit."
        case .banned: "This client is banned on the broker: ask its administrator."
        case .badAuthenticationMethod:
            "The broker expects another authentication method (enhanced authentication, MQTT 5 §4.12)."
        case .useAnotherServer, .serverMoved:
            "Connect to \(properties.serverReference.map { "'\($0)'" } ?? "the server the broker names") instead."
        default: "Read the broker's log for this connection\(properties.reasonString.map { "; it said: \($0)" } ?? "")."
        }
    }

    /// Return code 4 (3.1.1) and reason code 0x86 (5).
    public static func badCredentials(_ hadCredentials: Bool) -> String {
        hadCredentials
            ? "The user name or password is wrong: check them against the broker's password_file (mosquitto_passwd)."
            : "The broker wants a user name and password: give --username and --password-file."
    }

    /// Return code 5 (3.1.1) and reason code 0x87 (5).
    public static func notAuthorized(_ hadCredentials: Bool) -> String {
        hadCredentials
            ? "The broker refuses these credentials (mosquitto answers a wrong user name or password this way too): "
                + "check them against its password_file, and its auth plugin for this user."
            : "The broker refuses anonymous clients (allow_anonymous false): give --username and --password-file."
    }

    /// The usual reasons a broker hangs up on CONNECT without a CONNACK.
    public static func closedWithoutConnAck(version: MQTTProtocolVersion, hadCredentials: Bool) -> String {
        "A broker closes without a CONNACK when an authentication plugin rejects the client, when "
            + "require_certificate with use_identity_as_username finds no usable certificate, or when the listener "
            + "speaks only another MQTT version (this CONNECT was MQTT \(version.displayName)"
            + (version == .v5 ? "; try --mqtt-version 3.1.1" : "; try --mqtt-version 5") + "). Read the broker's log."
    }

    /// The CONNACK properties a user cares about, by name (MQTT 5 §3.2.2.3).
    public static func properties(_ properties: MQTTProperties) -> [String: String] {
        var out: [String: String] = [:]
        if let v = properties.assignedClientIdentifier { out["assignedClientIdentifier"] = v }
        if let v = properties.serverKeepAlive { out["serverKeepAlive"] = String(v) }
        if let v = properties.maximumQoS { out["maximumQoS"] = String(v.rawValue) }
        if let v = properties.retainAvailable { out["retainAvailable"] = String(v) }
        if let v = properties.maximumPacketSize { out["maximumPacketSize"] = String(v) }
        if let v = properties.receiveMaximum { out["receiveMaximum"] = String(v) }
        if let v = properties.topicAliasMaximum { out["topicAliasMaximum"] = String(v) }
        if let v = properties.serverReference { out["serverReference"] = v }
        if let v = properties.reasonString { out["reasonString"] = v }
        if let v = properties.sessionExpiryInterval { out["sessionExpiryInterval"] = String(v) }
        if let v = properties.wildcardSubscriptionAvailable { out["wildcardSubscriptionAvailable"] = String(v) }
        if let v = properties.sharedSubscriptionAvailable { out["sharedSubscriptionAvailable"] = String(v) }
        return out
    }

    /// An MQTT 5 CONNECT that went unanswered.
    public static let mqtt5Ignored =
        "Brokers that do not speak MQTT 5 (amqtt, older releases) ignore its CONNECT: use --mqtt-version 3.1.1 or auto."

    /// An MQTT 5 CONNECT answered by an MQTT 3.1.1 CONNACK refusing the protocol version.
    public static let speaksOnlyMQTT311 = "The broker speaks MQTT 3.1.1 only: use --mqtt-version 3.1.1 (or auto)."

    /// A wss:// target whose HTTP Upgrade (RFC 6455 §4.1) failed.
    public static let webSocketUpgradeFailed =
        "The WebSocket upgrade failed: check the URL path (mosquitto and EMQX serve /mqtt) and "
        + "that this port is the broker's WebSocket listener."
}
