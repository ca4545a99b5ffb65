import ChainDiagnostics
import Foundation
import MQTTCodec
import TLSProbe

/// What the user asked for, resolved: which name goes in SNI and which identity the leaf must carry.
struct ProbeSettings: Sendable {
    var target: ProbeTarget
    var serverName: String?
    var caFile: String?
    var caPath: String?
    var timeoutSeconds: Double
    var runMQTT: Bool
    var insecure: Bool
    /// `--at`: judge validity at this instant instead of now.
    var instant: Date?
    var policy: ChainPolicy
    /// `--tls-version`: what the client offers; nil is OpenSSL's default.
    var tlsVersions: ClosedRange<TLSProtocolVersion>? = nil
    var alpn: [String] = []
    var clientCertificate: ClientCertificate? = nil
    /// `--no-sni`: probe as an old client that sends no server name.
    var noSNI = false
    /// `--quick`: no version survey and no handshake without SNI.
    var quick = false
    /// `--mqtt-version`: nil is auto (MQTT 5, then 3.1.1 when the broker refuses the version).
    var mqttVersion: MQTTProtocolVersion? = .v3_1_1
    var clientIdentifier: String = "chaindoctor-" + String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
    var keepAliveSeconds: UInt16 = 30
    var credentials: MQTTCredentials? = nil
    /// `--send-credentials-insecurely`: the user accepts sending credentials over a chain that failed.
    var sendCredentialsInsecurely = false
    var pubsubTopic: String? = nil

    /// SNI: the --servername, else the host when it is a name; IP literals carry no SNI (RFC 6066 §3).
    var effectiveServerName: String? {
        if noSNI { return nil }
        if let serverName { return serverName }
        if case .dnsName = ServerIdentity(target.host) { return target.host }
        return nil
    }

    /// What a client checks the certificate against: the name it was told, else the host it dials.
    var identity: ServerIdentity {
        ServerIdentity(serverName ?? target.host)
    }
}
