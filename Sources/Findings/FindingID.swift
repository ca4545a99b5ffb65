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
    /// chaindoctor's verdict and OpenSSL's X509_verify_cert differ. Not emitted since schemaVersion 3: every
    /// rejection of either verdict is explained by its own finding instead.
    case verdictDisagreement = "verdict_disagreement"
    /// A name outside a CA's name constraints (RFC 5280 §4.2.1.10).
    case nameConstraintViolated = "name_constraint_violated"
    /// Strict clients (RFC 5280 and Web PKI rules, as Go, Java and rustls apply them) refuse the chain for a rule
    /// no other finding names.
    case strictRuleViolated = "strict_rule_violated"
    /// OpenSSL refuses the chain for a reason no other finding names; its own error is the explanation.
    case opensslVerifyFailed = "openssl_verify_failed"
    /// The TLS endpoint answered the MQTT CONNECT with something that is not MQTT.
    case notMQTT = "not_mqtt"
    /// The broker answered CONNECT with a CONNACK refusing the connection.
    case mqttConnectionRefused = "mqtt_connection_refused"
    /// The broker closed the connection or stayed silent instead of sending a CONNACK.
    case mqttNoConnAck = "mqtt_no_connack"
    /// The MQTT step was not run because the chain failed verification (no --insecure).
    case mqttWithheld = "mqtt_withheld"
    /// An RSA key under 2048 bits or an EC key under P-256 (OpenSSL security level 2: "ee key too small").
    case weakKey = "weak_key"
    /// SHA-1 or MD5 signature on a certificate other than a trust anchor ("ca md too weak").
    case weakSignature = "weak_signature"
    /// The leaf's extendedKeyUsage or keyUsage does not allow a TLS server.
    case leafNotForServerAuth = "leaf_not_for_server_auth"
    /// A certificate that issues another lacks CA:TRUE or keyCertSign.
    case issuerNotCA = "issuer_not_ca"
    /// A CA's pathLenConstraint is smaller than the number of intermediates below it.
    case pathLengthExceeded = "path_length_exceeded"
    /// A presented certificate has the issuer's name but its key did not sign the certificate below it.
    case signatureInvalid = "signature_invalid"
    /// A presented certificate is not on the certification path.
    case extraCertificate = "extra_certificate"
    /// The same certificate is presented more than once.
    case duplicateCertificate = "duplicate_certificate"
    /// The broker sends the trust anchor (root) itself.
    case containsAnchor = "contains_anchor"
    /// The client dials an IP address that is not an iPAddress subjectAltName of the leaf.
    case ipNotInSAN = "ip_not_in_san"
    /// A certificate on the path expires within the warning or critical window.
    case expiringSoon = "expiring_soon"
    /// More than one certification path exists (cross-signing); says which a client builds and how the others fare.
    case alternatePath = "alternate_path"
    /// The private key does not belong to the leaf certificate.
    case keyMismatch = "key_mismatch"
    /// The private key file is encrypted or cannot be read as a key.
    case keyUnreadable = "key_unreadable"
    /// The certificate file also holds a private key.
    case privateKeyInCertfile = "private_key_in_certfile"
    /// The broker accepts TLS 1.0 or 1.1 (RFC 8996 deprecates both).
    case weakTLSVersion = "weak_tls_version"
    /// The broker does not accept TLS 1.3.
    case tls13Unsupported = "tls13_unsupported"
    /// The client's configured TLS versions (--tls-version) and the broker's do not meet.
    case noCommonVersion = "no_common_version"
    /// The broker requires a client certificate and the client has none.
    case clientCertificateRequired = "client_certificate_required"
    /// The broker asks for a client certificate but connects without one.
    case clientCertificateRequested = "client_certificate_requested"
    /// The broker refused the client certificate presented with --cert.
    case clientCertificateRejected = "client_certificate_rejected"
    /// The broker presents another certificate to clients that send no SNI.
    case sniDependentCertificate = "sni_dependent_certificate"
    /// The broker selected none of the ALPN protocols offered.
    case alpnNotSelected = "alpn_not_selected"
    /// The port speaks MQTT without TLS.
    case plainMQTTListener = "plain_mqtt_listener"
    /// The port speaks HTTP, not MQTT over TLS.
    case httpListener = "http_listener"
    /// The port answers a TLS ClientHello with something that is not TLS.
    case notTLS = "not_tls"
    /// The broker ended the handshake with a TLS alert.
    case tlsAlert = "tls_alert"
    /// Credentials were given but not sent, because the chain failed verification.
    case mqttCredentialsWithheld = "mqtt_credentials_withheld"
    /// The broker refused the SUBSCRIBE of --pubsub.
    case mqttSubscribeRefused = "mqtt_subscribe_refused"
    /// The probe message of --pubsub was not acknowledged or never came back.
    case mqttPublishNotDelivered = "mqtt_publish_not_delivered"
    /// A selected client family rejects a chain OpenSSL clients accept (issue 11).
    case clientRejects = "client_rejects"
    /// The Certificate message is larger than small-device builds of a selected family can take.
    case chainTooLargeForDevices = "chain_too_large_for_devices"
    /// `check --config`: a line of the broker's configuration, or a listener it defines, cannot work as written.
    case configProblem = "config_problem"
    /// A CA of the client's `--capath` sits under a name that is not its subject hash: OpenSSL clients never open it.
    case caPathNotRehashed = "capath_not_rehashed"
    /// `--all-addresses`: the nodes behind one name serve different chains, expiries, TLS versions or CONNACKs.
    case nodesDisagree = "nodes_disagree"
}

extension FindingID {
    /// One line on what the finding means, for the man page and `--help`.
    public var summary: String {
        switch self {
        case .missingIntermediate:
            "no path to a trusted root: the broker does not send the intermediate that issued its certificate"
        case .wrongOrder: "the presented certificates are not in issuing order"
        case .expired: "a certificate on the path is past its notAfter"
        case .notYetValid: "a certificate on the path is before its notBefore"
        case .untrustedRoot: "the path ends in a root the client does not trust"
        case .selfSignedLeaf: "the broker serves a self-signed certificate"
        case .hostnameMismatch: "the certificate does not name the host or IP address the client dials"
        case .cnOnly: "the certificate names the host only in its subject CN, without subjectAltName"
        case .unparseableCertificate: "a presented certificate does not parse as X.509"
        case .chainValid: "the chain verifies up to a trusted root and names the host"
        case .verdictDisagreement: "chaindoctor's verdict and OpenSSL's differ (not emitted since schemaVersion 3)"
        case .nameConstraintViolated: "a name in the chain is outside a CA's name constraints"
        case .strictRuleViolated: "strict clients (Go, Java, rustls) refuse the chain for an RFC 5280 or Web PKI rule"
        case .opensslVerifyFailed: "OpenSSL refuses the chain for a reason no other finding names"
        case .notMQTT: "the TLS endpoint does not answer MQTT"
        case .mqttConnectionRefused: "the broker refused the MQTT CONNECT"
        case .mqttNoConnAck: "the broker closed the connection without a CONNACK"
        case .mqttWithheld: "the MQTT step was not run because the chain failed verification"
        case .weakKey:
            "a key is weaker than OpenSSL's default security level accepts (RSA under 2048 bits, EC under P-256)"
        case .weakSignature: "a certificate is signed with SHA-1 or MD5"
        case .leafNotForServerAuth: "the certificate's key usage or extended key usage does not allow a TLS server"
        case .issuerNotCA: "a certificate that issues another is not a CA (no CA:TRUE or no keyCertSign)"
        case .pathLengthExceeded: "a CA's path length constraint is exceeded"
        case .signatureInvalid: "a presented CA has the right name but did not sign the certificate below it"
        case .extraCertificate: "a presented certificate is not on the certification path"
        case .duplicateCertificate: "the same certificate is presented more than once"
        case .containsAnchor: "the broker sends the root certificate itself (harmless, wasteful)"
        case .ipNotInSAN: "the client dials an IP address the certificate does not name"
        case .expiringSoon: "a certificate on the path expires soon"
        case .alternatePath: "cross-signing gives more than one certification path"
        case .clientRejects: "a client family (Go, Java, mbedTLS, BearSSL, wolfSSL) rejects a chain OpenSSL accepts"
        case .chainTooLargeForDevices: "the chain is larger than small-device TLS buffers take"
        case .configProblem: "check --config: a line or a TLS listener of the broker's configuration cannot work"
        case .caPathNotRehashed: "the CA the chain needs is in the client's capath, but not under its hash name"
        case .nodesDisagree:
            "--all-addresses: a node behind the name serves another chain, expiry, TLS versions or CONNACK than the rest"
        case .keyMismatch: "the private key does not belong to the certificate"
        case .keyUnreadable: "the private key file is encrypted or unreadable"
        case .privateKeyInCertfile: "the certificate file also holds a private key"
        case .weakTLSVersion: "the broker accepts TLS 1.0 or TLS 1.1"
        case .tls13Unsupported: "the broker does not accept TLS 1.3"
        case .noCommonVersion: "the client's TLS versions and the broker's do not meet"
        case .clientCertificateRequired: "the broker requires a client certificate (mutual TLS) and the client has none"
        case .clientCertificateRequested: "the broker asks for a client certificate but accepts clients without one"
        case .clientCertificateRejected: "the broker refused the client certificate"
        case .sniDependentCertificate: "clients that send no SNI get another certificate"
        case .alpnNotSelected: "the broker selected none of the ALPN protocols offered"
        case .plainMQTTListener: "the port speaks MQTT without TLS"
        case .httpListener: "the port speaks HTTP"
        case .notTLS: "the port does not answer TLS"
        case .tlsAlert: "the broker ended the handshake with a TLS alert"
        case .mqttCredentialsWithheld: "credentials were not sent because the chain failed verification"
        case .mqttSubscribeRefused: "the broker refused the subscription of --pubsub"
        case .mqttPublishNotDelivered: "the --pubsub probe message was refused or never came back"
        }
    }
}

extension FindingID {
    /// The severity a finding of this kind has unless its rule says otherwise (see `Severity` for what each
    /// level means to a client): what a standard OpenSSL-based client makes of it.
    public var defaultSeverity: Severity {
        switch self {
        case .missingIntermediate: .critical
        case .wrongOrder: .warning
        case .expired: .critical
        case .notYetValid: .critical
        case .untrustedRoot: .critical
        case .selfSignedLeaf: .critical
        case .hostnameMismatch: .critical
        case .cnOnly: .warning
        case .unparseableCertificate: .critical
        case .chainValid: .ok
        case .verdictDisagreement: .error
        case .nameConstraintViolated: .critical
        case .strictRuleViolated: .error
        case .opensslVerifyFailed: .critical
        case .notMQTT: .error
        case .mqttConnectionRefused: .error
        case .mqttNoConnAck: .error
        case .mqttWithheld: .info
        case .weakKey: .critical
        case .weakSignature: .critical
        case .leafNotForServerAuth: .critical
        case .issuerNotCA: .critical
        case .pathLengthExceeded: .critical
        case .signatureInvalid: .critical
        case .extraCertificate: .warning
        case .duplicateCertificate: .info
        case .containsAnchor: .info
        case .ipNotInSAN: .critical
        case .expiringSoon: .warning
        case .alternatePath: .info
        case .clientRejects: .error
        case .chainTooLargeForDevices: .warning
        case .configProblem: .error
        case .caPathNotRehashed: .error
        case .nodesDisagree: .warning
        case .keyMismatch: .critical
        case .keyUnreadable: .critical
        case .privateKeyInCertfile: .warning
        case .weakTLSVersion: .warning
        case .tls13Unsupported: .info
        case .noCommonVersion: .critical
        case .clientCertificateRequired: .error
        case .clientCertificateRequested: .info
        case .clientCertificateRejected: .critical
        case .sniDependentCertificate: .warning
        case .alpnNotSelected: .warning
        case .plainMQTTListener: .critical
        case .httpListener: .critical
        case .notTLS: .critical
        case .tlsAlert: .critical
        case .mqttCredentialsWithheld: .info
        case .mqttSubscribeRefused: .error
        case .mqttPublishNotDelivered: .error
        }
    }
}
