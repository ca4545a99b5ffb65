import ArgumentParser
import ChainDoctorKit
import FoundationSubstitutes
import Glibc
import Report
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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
        var runner = AuditRunner(probes: probes, concurrency: concurrency, trust: trust, clock: { Date() })
        let format = output.resolved
        let progress = AuditProgress(
            total: probes.count, shown: isatty(STDERR_FILENO) == 1, sharesTerminal: isatty(STDOUT_FILENO) == 1)
        let lines = JSONRenderer(lines: true)
        runner.onFinished = { _, report in
            progress.finished(report) {
                // JSON Lines: each document as its probe ends, so a log pipeline sees a long audit as it goes.
                if format == .jsonl { StandardStream.output.write(lines.render(report)) }
            }
        }
        let audit = runner.run()
        progress.end()
        if format == .jsonl { throw ExitCode(ReportDocument.audit(audit).exitCode) }
        try ReportOutput.emit(.audit(audit), format: format)
    }
}

/// The audit's progress on standard error, only when that is a terminal: brokers done of all, how many failed so
/// far (rejected or not probed), and the rate; rewritten in place at most ten times a second, and erased at the
/// end so that it never mixes with the report.
final class AuditProgress: Sendable {
    private struct State {
        var done = 0
        var failed = 0
        var lastDrawn = Date.distantPast
    }

    private let total: Int
    private let shown: Bool
    /// Standard output is the same terminal (a report written there must go above the line).
    private let sharesTerminal: Bool
    private let started = Date()
    private let state = Mutex(State())

    init(total: Int, shown: Bool, sharesTerminal: Bool) {
        self.total = total
        self.shown = shown
        self.sharesTerminal = sharesTerminal
    }

    /// Counts `report`, and runs `write` (output that must not interleave with the line) under the same lock.
    func finished(_ report: ProbeReport, write: () -> Void) {
        state.withLock { state in
            state.done += 1
            if report.verdict.exitCode >= 2 { state.failed += 1 }
            let now = Date()
            // Redrawn at most ten times a second, and whenever output to the same terminal has to go above it.
            guard shown, now.timeIntervalSince(state.lastDrawn) >= 0.1 || state.done == total || sharesTerminal
            else { return write() }
            StandardStream.error.write("\r\u{1B}[K")
            write()
            state.lastDrawn = now
            let rate = Double(state.done) / max(0.001, now.timeIntervalSince(started))
            StandardStream.error.write(
                "audit: \(state.done)/\(total) brokers, \(state.failed) failed, \(String(rate, decimals: 1))/s")
        }
    }

    func end() {
        guard shown else { return }
        state.withLock { _ in StandardStream.error.write("\r\u{1B}[K") }
    }
}
