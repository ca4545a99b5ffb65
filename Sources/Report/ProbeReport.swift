public import Brokers
public import ChainDiagnostics
public import ClientFamilies
public import Findings
public import ProbeDiagnostics
public import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Everything one run of `chaindoctor probe` or `chaindoctor check` learned, as plain values: the source of
/// every renderer. The rules have run: renderers only show what is here.
public struct ProbeReport: Sendable {
    /// `probe` judges what a broker presents on the wire; `check` judges the files a broker is configured with.
    public enum Kind: String, Sendable { case probe, check }

    /// The files `check` read.
    public struct Files: Sendable {
        public var certfile: String
        public var keyfile: String?
        public var intermediates: String?
        /// `check --config`: the listener these files serve, with where the configuration names it.
        public var listener: String?
        public init(certfile: String, keyfile: String?, intermediates: String?, listener: String? = nil) {
            self.certfile = certfile
            self.keyfile = keyfile
            self.intermediates = intermediates
            self.listener = listener
        }
    }

    /// What `check --repair OUT` did.
    public struct Repair: Sendable {
        public var path: String
        public var written: Bool
        /// The certificates written, leaf first, or why nothing was.
        public var detail: String
        public init(path: String, written: Bool, detail: String) {
            self.path = path
            self.written = written
            self.detail = detail
        }
    }

    public struct Target: Sendable {
        public var host: String
        public var port: Int
        /// The address that accepted the connection; nil when none did.
        public var address: String?
        public var serverName: String?
        /// The request path of MQTT over WebSockets (`wss://HOST:PORT/PATH`); nil for MQTT over TLS.
        public var webSocketPath: String?
        public init(host: String, port: Int, address: String?, serverName: String?, webSocketPath: String? = nil) {
            self.host = host
            self.port = port
            self.address = address
            self.serverName = serverName
            self.webSocketPath = webSocketPath
        }

        /// "broker.example.com:8883", "[::1]:8883": an IPv6 literal in brackets, as a user types it.
        public var hostAndPort: String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }

        /// The target as the user wrote it: "broker.example.com:8883", or "wss://broker.example.com:443/mqtt", so
        /// that two WebSocket paths on one host are told apart.
        public var display: String {
            webSocketPath.map { "wss://\(hostAndPort)\($0)" } ?? hostAndPort
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

    public struct TrustStore: Sendable {
        /// "cafile", "capath" or "system".
        public var kind: String
        public var path: String?
        public var anchorCount: Int
        /// Certificates of the store chaindoctor's analyzer cannot read (key types swift-certificates does not
        /// support); OpenSSL's verdict still uses them.
        public var unsupportedCount: Int
        public init(kind: String, path: String?, anchorCount: Int, unsupportedCount: Int = 0) {
            self.kind = kind
            self.path = path
            self.anchorCount = anchorCount
            self.unsupportedCount = unsupportedCount
        }
    }

    public var kind: Kind
    public var toolVersion: String
    public var startedAt: Date
    public var finishedAt: Date
    /// The instant certificates were judged at: now, or `--at`.
    public var checkedAt: Date
    /// The broker dialled (`probe`).
    public var target: Target?
    /// The files read (`check`).
    public var files: Files?
    /// The identity the leaf was checked against, as typed ("broker.test", "127.0.0.1").
    public var identity: String?
    public var repair: Repair?
    public var phases: [Phase]
    public var tls: TLSSurface?
    public var trustStore: TrustStore?
    public var chain: ChainAnalysis?
    /// OpenSSL's own verdict on the presented chain: what mosquitto_sub and paho print.
    public var openssl: OpenSSLVerdict?
    /// The strict verdict on the same chain: RFC 5280 and Web PKI rules, as Go, Java and rustls validate.
    public var strict: StrictVerdict?
    /// The thresholds the chain was judged with (--warn-days, --crit-days).
    public var policy = ChainPolicy()
    /// Which verdict sets the status and the exit code (`--verdict`).
    public var verdictBasis: VerdictBasis = .both
    public var mqtt: MQTTOutcome?
    /// The broker the fixes are phrased for: `--broker`, or inferred (with the evidence); nil when unknown.
    public var broker: BrokerIdentification?
    /// What each selected client family makes of the chain (`--clients`), in the order selected; nil when no chain
    /// was judged.
    public var clients: [ClientVerdict]?
    /// Bytes of the TLS Certificate message the presented chain makes (what a device's input buffer must hold).
    public var certificateMessageBytes: Int?
    /// Findings from every step, worst first (the chain's, plus those about OpenSSL's verdict and MQTT).
    public var findings: [Finding]
    /// Set when the probe itself could not run to the point of a verdict (unreachable, not TLS, bad input).
    public var probeError: String?

    public init(
        kind: Kind = .probe, toolVersion: String, startedAt: Date, finishedAt: Date, checkedAt: Date? = nil,
        target: Target?, files: Files? = nil, identity: String? = nil, phases: [Phase], tls: TLSSurface?,
        trustStore: TrustStore?, chain: ChainAnalysis?, openssl: OpenSSLVerdict?, mqtt: MQTTOutcome?,
        findings: [Finding], probeError: String?
    ) {
        self.kind = kind
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.checkedAt = checkedAt ?? startedAt
        self.target = target
        self.files = files
        self.identity = identity
        self.phases = phases
        self.tls = tls
        self.trustStore = trustStore
        self.chain = chain
        self.openssl = openssl
        self.mqtt = mqtt
        self.findings = findings
        self.probeError = probeError
    }

    /// What the findings come to (see `Verdict`): unknown when the probe stopped before judging anything.
    public var verdict: Verdict {
        Verdict(
            findings: findings, subject: subject, couldNotRun: chain == nil ? probeError : nil,
            chainAccepted: chain.map {
                TwoVerdictsRule.accepted(openssl: openssl, strict: strict, basis: verdictBasis)
                    ?? $0.acceptedByStandardClient
            },
            isCheck: kind == .check,
            mqttAccepted: mqtt?.status == .accepted)
    }

    /// What was judged, for the verdict line: "broker.test:8883" or "certfile broker.crt".
    public var subject: String {
        if let target { return target.display }
        if let listener = files?.listener { return listener }
        if let files { return "certfile \(files.certfile)" }
        return "the chain"
    }
}
