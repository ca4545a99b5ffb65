/// How one broker is configured for TLS and MQTT: the name of each setting a fix needs, how the broker builds the
/// chain it sends, and how a change takes effect. Facts come from each broker's own documentation; each dialect
/// file names its sources.
public struct BrokerDialect: Sendable {
    /// How the broker turns its certificate file into the chain it sends.
    public enum ChainBuilding: Sendable, Equatable {
        /// The certificate file, sent exactly as written: order, root and extras included (mosquitto, NanoMQ).
        case verbatim
        /// As written; but a file holding only the leaf is completed from the CA file, root included (Erlang/OTP
        /// `ssl`: RabbitMQ, EMQX, VerneMQ).
        case completedFromCAFile
        /// Reordered and completed from every certificate it was given (ejabberd's fast_tls).
        case reorderedAndCompleted
        /// The certificate chain stored with the key entry of a Java keystore, as stored (HiveMQ).
        case keystoreEntry
        /// Managed by the provider; the operator cannot change it.
        case managed
    }

    /// What the operator can change: a self-hosted broker's settings, or only the client's for a managed service.
    public struct Settings: Sendable {
        /// Where the leaf and its intermediates go.
        public var certificateChain: String
        public var privateKey: String
        /// The CA file used to check client certificates (and, for Erlang brokers, to complete the chain).
        public var caFile: String
        /// How to allow exactly TLS 1.2 and 1.3.
        public var tlsVersions: String
        /// How to require client certificates, and how to stop requiring them.
        public var requireClientCertificate: String
        public var optionalClientCertificate: String
        /// How anonymous clients are allowed or refused.
        public var anonymous: String
        /// Where users and passwords live, and how to add or change one.
        public var userDatabase: String
    }

    public var broker: Broker
    /// "RabbitMQ (rabbitmq_mqtt)".
    public var name: String
    /// nil for a managed service: the operator controls only the client.
    public var settings: Settings?
    public var chainBuilding: ChainBuilding
    /// How a change takes effect.
    public var reload: String
    /// What the broker accepts when the operator sets no TLS versions.
    public var defaultTLSVersions: String
    /// The CONNACK return code (3.1.1) an anonymous CONNECT gets when anonymous access is off.
    public var anonymousRefusalCode: UInt8?
    /// MQTT versions it speaks.
    public var mqttVersions: String
    /// For a managed service: what the client must do (trust store, ALPN, SNI, credentials).
    public var clientRequirements: String?
    /// Where these facts come from.
    public var sources: [String]

    /// The chain behaviour in words, for the report and the README.
    public var chainBuildingText: String {
        switch chainBuilding {
        case .verbatim: "sends the certificate file exactly as written"
        case .completedFromCAFile:
            "sends the certificate file as written; a file holding only the leaf is completed from the CA file, root "
                + "included"
        case .reorderedAndCompleted: "reorders and completes the chain from every certificate it was given"
        case .keystoreEntry: "sends the chain stored with the keystore's key entry"
        case .managed: "managed by the provider"
        }
    }
}
