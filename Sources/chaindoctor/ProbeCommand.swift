import ArgumentParser
import ChainDoctorKit
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `chaindoctor probe HOST[:PORT]`: one handshake, the chain judged against the client's trust store,
/// OpenSSL's verdict beside ours, and an MQTT CONNECT/CONNACK over the same channel.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        _superCommandName: ChainDoctor.name,
        abstract: "Probe an MQTT broker over TLS and diagnose its certificate chain.",
        discussion: """
            Connects to HOST[:PORT] (default port 8883; IPv6 literals in brackets: [::1]:8883), captures the \
            certificate chain exactly as the broker presents it, judges it against the trust store the client \
            uses (--cafile, --capath, or the system store), compares the verdict with OpenSSL's, surveys the TLS \
            versions, client-certificate, SNI and ALPN behaviour, and, when the chain verifies (or with \
            --insecure), sends an MQTT CONNECT and explains the CONNACK. Credentials (--username) go only over \
            a verified chain unless --send-credentials-insecurely says otherwise.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The broker: HOST, HOST:PORT, [IPv6]:PORT, mqtts://HOST:PORT, or wss://HOST:PORT/PATH for MQTT over WebSockets.",
            valueName: "host[:port]"))
    var target: String

    @Option(
        help: ArgumentHelp(
            "SNI name to send and name to check the certificate against (default: the host when it is a name).",
            valueName: "name"))
    var servername: String?

    @OptionGroup var probe: ProbeOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard ProbeTarget(parsing: target) != nil else {
            throw ValidationError(
                "'\(target)' is not HOST, HOST:PORT, [IPv6]:PORT, mqtts://HOST:PORT or wss://HOST:PORT/PATH")
        }
    }

    func run() throws {
        guard let parsed = ProbeTarget(parsing: target) else { throw ExitCode(3) }
        let settings = probe.settings(for: parsed, serverName: servername, credentials: try probe.credentials())
        guard settings.allAddresses else {
            let report = ProbeRunner(settings: settings, clock: { Date() }).run()
            return try ReportOutput.emit(.single(report), format: output.resolved)
        }
        // Every node behind the name: reported as an audit of its addresses.
        let trust = try TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
        let audit = AuditRunner(probes: [settings], concurrency: 16, trust: trust, clock: { Date() }).run()
        try ReportOutput.emit(.audit(audit), format: output.resolved)
    }
}
