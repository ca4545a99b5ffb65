/// The stable identifier of each kind of finding. The raw values are part of the JSON schema: never rename one.
public enum FindingID: String, Sendable, Equatable, CaseIterable, Codable {
    /// No path from the presented chain plus the trust store: an intermediate the broker should send is missing.
    case missingIntermediate = "missing_intermediate"
    /// The presented certificates are not in issuing order (each certificate followed by its issuer).
    case wrongOrder = "wrong_order"
    /// A certificate on the path is past its notAfter.
    case expired
    /// A certificate on the path is before its notBefore.
    case notYetValid = "not_yet_valid"
    /// The path ends in a root the client does not trust.
    case untrustedRoot = "untrusted_root"
    /// The leaf is self-signed.
    case selfSignedLeaf = "self_signed_leaf"
    /// The leaf does not name the host or IP address the client dials (RFC 6125).
    case hostnameMismatch = "hostname_mismatch"
    /// The leaf has no subjectAltName; only its subject CN names the server.
    case cnOnly = "cn_only"
    /// A presented certificate could not be parsed.
    case unparseableCertificate = "unparseable_certificate"
    /// The chain verifies and names the server.
    case chainValid = "chain_valid"
    /// chaindoctor's verdict and OpenSSL's X509_verify_cert differ: one of them is wrong, report it.
    case verdictDisagreement = "verdict_disagreement"
    /// The TLS endpoint answered the MQTT CONNECT with something that is not MQTT.
    case notMQTT = "not_mqtt"
    /// The broker answered CONNECT with a CONNACK refusing the connection.
    case mqttConnectionRefused = "mqtt_connection_refused"
    /// The broker closed the connection or stayed silent instead of sending a CONNACK.
    case mqttNoConnAck = "mqtt_no_connack"
    /// The MQTT step was not run because the chain failed verification (no --insecure).
    case mqttWithheld = "mqtt_withheld"
}

extension FindingID {
    /// One line on what the finding means, for the man page and `--help`.
    public var summary: String {
        switch self {
        case .missingIntermediate: "no path to a trusted root: the broker does not send the intermediate that issued its certificate"
        case .wrongOrder: "the presented certificates are not in issuing order"
        case .expired: "a certificate on the path is past its notAfter"
        case .notYetValid: "a certificate on the path is before its notBefore"
        case .untrustedRoot: "the path ends in a root the client does not trust"
        case .selfSignedLeaf: "the broker serves a self-signed certificate"
        case .hostnameMismatch: "the certificate does not name the host or IP address the client dials"
        case .cnOnly: "the certificate names the host only in its subject CN, without subjectAltName"
        case .unparseableCertificate: "a presented certificate does not parse as X.509"
        case .chainValid: "the chain verifies up to a trusted root and names the host"
        case .verdictDisagreement: "chaindoctor's verdict and OpenSSL's differ"
        case .notMQTT: "the TLS endpoint does not answer MQTT"
        case .mqttConnectionRefused: "the broker refused the MQTT CONNECT"
        case .mqttNoConnAck: "the broker closed the connection without a CONNACK"
        case .mqttWithheld: "the MQTT step was not run because the chain failed verification"
        }
    }
}
