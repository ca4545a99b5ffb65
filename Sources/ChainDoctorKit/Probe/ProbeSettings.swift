public import Brokers
public import ChainDiagnostics
public import ClientFamilies
public import MQTTCodec
public import ProbeDiagnostics
public import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// What the user asked for, resolved: which name goes in SNI and which identity the leaf must carry. Every
/// setting but the target has the default a plain `chaindoctor probe HOST` uses.
public struct ProbeSettings: Sendable {
    public var target: ProbeTarget
    /// `--servername`: the SNI name to send and the name to check the certificate against.
    public var serverName: String?
    public var caFile: String?
    public var caPath: String?
    public var timeoutSeconds: Double = 10
    /// When the whole probe must end (`--timeout` from its start); set by `ProbeRunner.run`.
    public var deadline: Deadline?
    /// What a step may still take: the time left before the deadline (at least 10 ms, so a step that starts just
    /// before it fails at once rather than never), or the whole timeout when no deadline is set.
    public var stepSeconds: Double {
        deadline.map { max(0.01, $0.remainingSeconds) } ?? timeoutSeconds
    }
    /// False with `--no-mqtt`.
    public var runMQTT = true
    /// `--insecure`: run the MQTT step even when the chain failed verification (without credentials).
    public var insecure = false
    /// `--at`: judge validity at this instant instead of now.
    public var instant: Date?
    public var policy = ChainPolicy()
    /// `--verdict`: which verdict sets the status and the exit code.
    public var verdictBasis = VerdictBasis.both
    /// The broker the fixes speak to (`--broker`); nil: inferred where possible.
    public var broker: Broker?
    /// The client families judged (`--clients`).
    public var clientFamilies = ClientFamily.typicalFleet
    /// `--tls-version`: what the client offers; nil is OpenSSL's default.
    public var tlsVersions: ClosedRange<TLSProtocolVersion>?
    /// `--ciphers`: the TLS 1.2 cipher list, OpenSSL's syntax; nil is OpenSSL's default.
    public var ciphers: String?
    public var alpn: [String] = []
    public var clientCertificate: ClientCertificate?
    /// `--no-sni`: probe as an old client that sends no server name.
    public var noSNI = false
    /// `--quick`: no version survey and no handshake without SNI.
    public var quick = false
    /// `--all-addresses`: probe every address the name resolves to, and compare the nodes.
    public var allAddresses = false
    /// `--mqtt-version`: nil is auto (MQTT 5, then 3.1.1 when the broker refuses the version).
    public var mqttVersion: MQTTProtocolVersion? = .v3_1_1
    public var clientIdentifier: String = ProbeSettings.randomClientIdentifier()
    public var keepAliveSeconds: UInt16 = 30
    public var credentials: MQTTCredentials?
    /// `--send-credentials-insecurely`: the user accepts sending credentials over a chain that failed.
    public var sendCredentialsInsecurely = false
    public var pubsubTopic: String?

    public init(target: ProbeTarget) {
        self.target = target
    }

    /// "chaindoctor-" and a random suffix, so that two probes never take over each other's session.
    public static func randomClientIdentifier() -> String {
        "chaindoctor-" + String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
    }

    /// SNI: the --servername, else the host when it is a name; IP literals carry no SNI (RFC 6066 §3).
    public var effectiveServerName: String? {
        if noSNI { return nil }
        if let serverName { return serverName }
        if case .dnsName = ServerIdentity(target.host) { return target.host }
        return nil
    }

    /// What a client checks the certificate against: the name it was told, else the host it dials.
    public var identity: ServerIdentity {
        ServerIdentity(serverName ?? target.host)
    }
}
