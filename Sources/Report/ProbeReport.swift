public import Foundation
public import ChainDiagnostics

/// Everything one run of `chaindoctor probe` learned, as plain values: the source of both renderers.
public struct ProbeReport: Sendable {
    public struct Target: Sendable {
        public var host: String
        public var port: Int
        /// The address that accepted the connection; nil when none did.
        public var address: String?
        public var serverName: String?
        public init(host: String, port: Int, address: String?, serverName: String?) {
            self.host = host
            self.port = port
            self.address = address
            self.serverName = serverName
        }
    }

    public enum PhaseStatus: String, Sendable { case ok, failed, skipped }

    public struct Phase: Sendable {
        public var name: String
        public var status: PhaseStatus
        public var error: String?
        public var durationMs: Double?
        public init(name: String, status: PhaseStatus, error: String? = nil, durationMs: Double? = nil) {
            self.name = name
            self.status = status
            self.error = error
            self.durationMs = durationMs
        }
    }

    public struct TLSSession: Sendable {
        public var version: String
        public var cipher: String
        public var clientCertificateRequested: Bool
        public var acceptableClientCAs: [String]
        public init(version: String, cipher: String, clientCertificateRequested: Bool, acceptableClientCAs: [String]) {
            self.version = version
            self.cipher = cipher
            self.clientCertificateRequested = clientCertificateRequested
            self.acceptableClientCAs = acceptableClientCAs
        }
    }

    public struct TrustStore: Sendable {
        /// "cafile", "capath" or "system".
        public var kind: String
        public var path: String?
        public var anchorCount: Int
        public init(kind: String, path: String?, anchorCount: Int) {
            self.kind = kind
            self.path = path
            self.anchorCount = anchorCount
        }
    }

    /// OpenSSL's own verdict on the presented chain: what mosquitto_sub and paho print.
    public struct OpenSSLVerdict: Sendable {
        public struct Problem: Sendable {
            public var code: Int
            public var error: String
            public var depth: Int
            public init(code: Int, error: String, depth: Int) {
                self.code = code
                self.error = error
                self.depth = depth
            }
        }
        public var verifyCode: Int
        public var verifyError: String
        public var depth: Int
        public var problems: [Problem]
        public init(verifyCode: Int, verifyError: String, depth: Int, problems: [Problem]) {
            self.verifyCode = verifyCode
            self.verifyError = verifyError
            self.depth = depth
            self.problems = problems
        }
    }

    public var toolVersion: String
    public var startedAt: Date
    public var finishedAt: Date
    public var target: Target
    public var phases: [Phase]
    public var tls: TLSSession?
    public var trustStore: TrustStore?
    public var chain: ChainAnalysis?
    public var openssl: OpenSSLVerdict?
    public var mqtt: MQTTOutcome?
    /// Findings from every step, worst first (the chain's, plus those about OpenSSL's verdict and MQTT).
    public var findings: [Finding]
    /// Set when the probe itself could not run to the point of a verdict (unreachable, not TLS, bad input).
    public var probeError: String?

    public init(
        toolVersion: String, startedAt: Date, finishedAt: Date, target: Target, phases: [Phase], tls: TLSSession?,
        trustStore: TrustStore?, chain: ChainAnalysis?, openssl: OpenSSLVerdict?, mqtt: MQTTOutcome?,
        findings: [Finding], probeError: String?
    ) {
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.target = target
        self.phases = phases
        self.tls = tls
        self.trustStore = trustStore
        self.chain = chain
        self.openssl = openssl
        self.mqtt = mqtt
        self.findings = findings
        self.probeError = probeError
    }

    public var verdict: Verdict { Verdict(report: self) }
}
