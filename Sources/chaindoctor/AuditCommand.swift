import ArgumentParser
import Dispatch
import Foundation
import Report
import Synchronization

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
    var concurrency: Int = 8

    @OptionGroup var probe: ProbeOptions

    @OptionGroup var output: OutputOptions

    struct Entry {
        var line: Int
        var target: ProbeTarget
        var text: String
        var serverName: String?
    }

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 256") }
    }

    /// The brokers of the file; a line that is not a broker is an error naming it.
    static func entries(_ text: String, file: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count <= 2, let target = ProbeTarget(parsing: fields[0]) else {
                throw ValidationError("\(file):\(offset + 1): '\(line)' is not TARGET [SERVERNAME]")
            }
            entries.append(Entry(line: offset + 1, target: target, text: fields[0], serverName: fields.count == 2 ? fields[1] : nil))
        }
        guard !entries.isEmpty else { throw ValidationError("\(file): no broker in it") }
        return entries
    }

    func run() throws {
        let bytes = try TrustStoreLoader.readFile(file)
        let entries = try Self.entries(String(decoding: bytes, as: UTF8.self), file: file)
        let credentials = try probe.credentials()
        let settings = try entries.map { try probe.settings(for: $0.target, serverName: $0.serverName, credentials: credentials) }
        let trust = try TrustStoreLoader.load(caFile: probe.trustStore.cafile, caPath: probe.trustStore.capath)
        let startedAt = Date()

        // A bounded pool: each probe mostly waits on the network, so more run at once than there are cores.
        let reports = Mutex<[Int: ProbeReport]>([:])
        let slots = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        for (index, setting) in settings.enumerated() {
            slots.wait()
            group.enter()
            let runner = ProbeRunner(settings: setting, clock: { Date() }, trust: trust)
            DispatchQueue.global().async {
                let report = runner.run()
                reports.withLock { $0[index] = report }
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        let ordered = reports.withLock { collected in settings.indices.compactMap { collected[$0] } }
        let audit = AuditReport(startedAt: startedAt, finishedAt: Date(), reports: ordered)
        if output.json {
            let text = (try? JSONReport.render(audit))
                ?? #"{"schemaVersion":\#(JSONReport.schemaVersion),"error":"cannot encode report"}"#
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        } else {
            FileHandle.standardOutput.write(Data(TextReport(useColor: ReportOutput.useColor).render(audit).utf8))
        }
        throw ExitCode(audit.exitCode)
    }
}
