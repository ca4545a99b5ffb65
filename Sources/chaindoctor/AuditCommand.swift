import ArgumentParser
import ChainDoctorKit
import Foundation

/// `chaindoctor audit FILE`: many brokers at once, one line each, worst first, and one exit code for all.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Probe many MQTT brokers at once and summarise them.",
        discussion: """
            FILE lists one broker per line, as probe takes it (HOST[:PORT], mqtts://..., wss://.../PATH), optionally \
            followed by the SNI name to send and check; blank lines and lines starting with # are skipped. Every \
            broker is probed with the options given here, several at a time. The exit code is the worst of all: \
            2 if any broker is rejected or has an error, else 3 if any could not be probed, else 1 if any has a \
            warning, else 0.
            """
    )

    @Argument(help: ArgumentHelp("File of brokers, one per line: TARGET [SERVERNAME].", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("How many brokers to probe at the same time.", valueName: "n"))
    var concurrency: Int = 64

    @OptionGroup var probe: ProbeOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 256") }
    }

    func run() throws {
        let bytes = try TrustStoreLoader.readFile(file)
        let entries = try AuditFile.parse(String(decoding: bytes, as: UTF8.self), file: file)
        let credentials = try probe.credentials()
        let probes = entries.map { probe.settings(for: $0.target, serverName: $0.serverName, credentials: credentials) }
        let trust = try TrustStoreLoader.load(caFile: probe.trustStore.cafile, caPath: probe.trustStore.capath)
        let audit = AuditRunner(probes: probes, concurrency: concurrency, trust: trust, clock: { Date() }).run()
        try ReportOutput.emit(.audit(audit), format: output.resolved)
    }
}
