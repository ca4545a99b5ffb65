import ChainDiagnostics
import Foundation

/// What the user asked for, resolved: which name goes in SNI and which identity the leaf must carry.
struct ProbeSettings {
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

    /// SNI: the --servername, else the host when it is a name; IP literals carry no SNI (RFC 6066 §3).
    var effectiveServerName: String? {
        if let serverName { return serverName }
        if case .dnsName = ServerIdentity(target.host) { return target.host }
        return nil
    }

    /// What a client checks the certificate against: the name it was told, else the host it dials.
    var identity: ServerIdentity {
        ServerIdentity(serverName ?? target.host)
    }
}
