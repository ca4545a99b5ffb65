import ArgumentParser
import ChainDoctorKit
import Findings
import FoundationSubstitutes
import Glibc
import Report
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The root command only configures; the work is in the subcommands.
@main
struct ChainDoctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: "Explain why an MQTT client says \"certificate verify failed\", and how to fix it.",
        discussion: discussion,
        version: Tool.version,
        subcommands: [
            ProbeCommand.self, CheckCommand.self, AuditCommand.self, ExporterCommand.self, LabCommand.self,
            DemoCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// The tool's name, which `probe` and `check` also give as their super-command: a constant, so that naming it
    /// does not build this configuration (its discussion lists every finding: half a million instructions).
    static let name = "chaindoctor"

    static let discussion = """
        EXIT CODES (monitoring-plugin convention): 0 all ok (findings at most info); 1 the worst finding is a \
        warning; 2 the worst finding is an error or critical; 3 the probe itself could not run (unknown: \
        unreachable, timed out, not TLS, unreadable input, bad usage), with one line on stderr.

        JSON (--format json, or --json): schemaVersion \(JSONRenderer.schemaVersion); camelCase keys; ISO 8601 UTC timestamps; \
        severities ok, info, warning, error, critical; top-level keys schemaVersion, kind, tool, startedAt, \
        finishedAt, checkedAt, target, files, identity, repair, broker, verdict, error, phases, tls, trustStore, \
        presentedChain, verifiedChain, openssl, strict, certificateMessageBytes, clients, mqtt, findings (audit: schemaVersion, kind, tool, startedAt, \
        finishedAt, summary, results). The README documents every key.

        FINDINGS (stable ids):
        """ + FindingID.allCases.map { "\n\($0.rawValue): \($0.summary)." }.joined()

    /// `probe` and `check` parsed as roots of their own, when that succeeds: swift-argument-parser 1.8.2 otherwise
    /// parses two pseudo-commands on every run to look for `--generate-completion-script` and builds the
    /// subcommand's argument set a second time to ask whether it takes pass-through arguments: 5.8 million
    /// instructions of a quick probe's 71 (Benchmarks/README.md). Anything that does not parse so (help, the
    /// completion flag, `--version`, a usage error) returns nil and goes the root's way, which gives the same
    /// messages as always. The two commands' configurations name `chaindoctor` as their super-command, which
    /// is what makes the parser skip the completion check when they are the root (and only then: help and the
    /// man page read the super-command of the root, `ChainDoctor`, which has none).
    static func parsedDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        let command: any ParsableCommand.Type
        switch arguments.first {
        case ProbeCommand._commandName: command = ProbeCommand.self
        case CheckCommand._commandName: command = CheckCommand.self
        default: return nil
        }
        guard let parsed = try? command.parseAsRoot(Array(arguments.dropFirst())),
            type(of: parsed) == command
        else { return nil }
        return parsed
    }

    /// Parses, runs, and maps every way out to the documented exit codes: usage errors and unexpected
    /// failures are "unknown" (3), never ArgumentParser's 64 or a trap.
    static func main() {
        // A peer that resets while OpenSSL writes (close_notify, an alert) must be a write error, not a death by
        // SIGPIPE that loses the whole report (write(2): EPIPE once SIGPIPE is ignored).
        signal(SIGPIPE, SIG_IGN)
        OpenSSLLibrary.initializeWithoutCleanupAtExit()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            var command = try parsedDirectly(arguments) ?? parseAsRoot(arguments)
            try command.run()
        } catch {
            // A command's own exit status first: every report ends this way, and the parser's error mapping
            // (exitCode(for:), exit(withError:)) costs 0.8 million instructions to say the same.
            if let exit = error as? ExitCode {
                Glibc.exit(exit.rawValue)
            }
            if exitCode(for: error) == .success || error is CleanExit {
                exit(withError: error)
            }
            // One line: ArgumentParser's own message (without its "Error: " prefix and usage block), with the list
            // of values it puts on the lines below ("  - text", "  - json") joined onto it.
            let lines = message(for: error).trimming(.whitespacesAndNewlines).split(separator: "\n")
                .map { $0.trimming(.whitespaces) }
            var message = String(lines.first ?? "")
            let choices = lines.dropFirst().prefix { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
            if !choices.isEmpty { message += " " + choices.joined(separator: ", ") }
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            StandardStream.error.write("chaindoctor: \(TerminalText.escaped(message)) (see 'chaindoctor help')\n")
            Glibc.exit(3)
        }
    }
}
