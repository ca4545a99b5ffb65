/// What a broker's configuration file says about its TLS listeners, as plain values: the files each listener serves
/// and the TLS settings a check can judge. Parsed from text only (`BrokerConfigParser`); reading the files is the
/// caller's.
public struct BrokerConfiguration: Sendable, Equatable {
    /// One TLS listener.
    public struct TLSListener: Sendable, Equatable {
        /// How the broker's documentation names it ("listener 8883", "mqtt.listeners.ssl.default").
        public var name: String
        /// The line the listener starts at (1-based).
        public var line: Int
        /// Paths as written, relative ones against the configuration file's folder.
        public var certfile: String?
        public var keyfile: String?
        public var cafile: String?
        public var capath: String?
        /// A Java keystore or PKCS#12 file holding key and chain (HiveMQ), with its password.
        public var keystore: String?
        public var keystorePassword: String?
        /// A Java or PKCS#12 truststore for client certificates (HiveMQ), in place of a PEM CA file.
        public var truststore: String?
        /// The TLS versions the listener allows, as the broker spells them ("tlsv1.2"); nil: the broker's default.
        public var tlsVersions: [String]?
        /// Clients must present a certificate.
        public var requiresClientCertificate: Bool

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
            self.requiresClientCertificate = false
        }
    }

    /// A line the parser could not read, and why.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public var broker: Broker
    public var listeners: [TLSListener] = []
    public var problems: [Problem] = []
    /// Files or folders the configuration includes (mosquitto's include_dir), for the caller to read.
    public var includes: [String] = []
    /// Certificate files listed for the whole broker (ejabberd's certfiles:), for the caller to assign.
    public var globalCertificateFiles: [String] = []

    public init(broker: Broker) {
        self.broker = broker
    }
}
