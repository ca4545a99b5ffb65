import ArgumentParser
import ChainDoctorKit
import Lab
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `chaindoctor demo`: the lab in-process, one scenario probed, the report, and what to try next. Needs no broker.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See a diagnosis with nothing installed: serve one broken broker in-process and probe it.",
        discussion: """
            Starts the lab's SCENARIO (default leaf-only) on a free loopback port, probes it as `chaindoctor probe` \
            would (server name broker.test, the scenario's client-ca.crt as the trust store), prints the report, \
            and says what to try next. The exit code is the report's.
            """
    )

    @Argument(
        help: ArgumentHelp("The scenario to serve and probe (chaindoctor lab lists them).", valueName: "scenario"))
    var scenario = "leaf-only"

    @OptionGroup var chains: ChainsOption

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let chosen = try chains.scenarios([scenario]).first else { throw ExitCode(3) }
        let lab: LabServer
        do {
            lab = try LabServer(scenarios: [chosen])
        } catch {
            throw ValidationError(error.description)
        }
        do {
            try lab.start()
        } catch {
            throw ValidationError(error.description)
        }
        let port = lab.listeners[0].port
        var settings = ProbeSettings(target: ProbeTarget(host: "127.0.0.1", port: port))
        settings.serverName = chosen.identity
        settings.caFile = chosen.clientCAFile.isEmpty ? nil : chosen.clientCAFile
        settings.timeoutSeconds = 10
        let report = ProbeRunner(settings: settings, clock: { Date() }).run()
        let format = output.resolved
        if format == .text {
            StandardStream.output.write(
                "chaindoctor demo: the lab serves '\(chosen.name)' on 127.0.0.1:\(port); probing it as\n"
                    + "  chaindoctor probe 127.0.0.1:\(port) --servername \(chosen.identity)"
                    + (settings.caFile.map { " --cafile \(Self.relative($0))" } ?? "") + "\n\n")
        }
        StandardStream.output.write(
            format.renderer(useColor: ReportOutput.useColor(on: .output)).render(.single(report)))
        if format == .text { StandardStream.output.write(Self.next(after: chosen)) }
        throw ExitCode(ReportDocument.single(report).exitCode)
    }

    static func next(after scenario: LabScenario) -> String {
        let certfile: String
        if case .tls(let file, _, _, _, _) = scenario.transport { certfile = relative(file) } else { certfile = "" }
        var steps = [
            ("chaindoctor demo wrong-order", "another broken broker (chaindoctor lab lists them all)"),
            ("chaindoctor demo \(scenario.name) --json", "the same report as versioned JSON, for monitoring"),
            ("chaindoctor lab", "every scenario at once, to point your own client at"),
        ]
        if !certfile.isEmpty {
            steps.insert(
                (
                    "chaindoctor check \(certfile) --cafile \(relative(scenario.clientCAFile)) --hostname "
                        + "\(scenario.identity) --intermediates TestChains/ca --repair fixed.crt",
                    "the fix: the chain the broker should serve, written"
                ), at: 2)
        }
        // The explanation beside a short command, under a long one.
        let width = 40
        var lines = ["", "What to try next:"]
        for (command, what) in steps {
            if command.count < width - 2 {
                lines.append("  " + command + String(repeating: " ", count: width - 2 - command.count) + what)
            } else {
                lines.append("  " + command)
                lines.append(String(repeating: " ", count: width) + what)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A path under the current directory, as a person would type it.
    static func relative(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }
}
