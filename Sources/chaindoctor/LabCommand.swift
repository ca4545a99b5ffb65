import ArgumentParser
import ChainDoctorKit
import Glibc
import Lab
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where the TestChains scenarios are: --chains, else ./TestChains, else beside the build (.build/debug/chaindoctor
/// is two folders below the repository).
struct ChainsOption: ParsableArguments {
    @Option(help: ArgumentHelp("The TestChains directory of the chaindoctor repository.", valueName: "dir"))
    var chains: String?

    func catalog() throws -> [LabScenario] {
        let candidates: [URL]
        if let chains {
            candidates = [URL(fileURLWithPath: chains)]
        } else {
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidates =
                [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("TestChains")]
                + (1...4).map { depth in
                    (0..<depth).reduce(executable.deletingLastPathComponent()) { url, _ in
                        url.deletingLastPathComponent()
                    }.appendingPathComponent("TestChains")
                }
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ValidationError(
                "no TestChains directory here or beside the build: run from the chaindoctor repository, or give --chains DIR"
            )
        }
        return try LabScenario.catalog(in: found)
    }

    /// The named scenarios, in the order given; all of them when none is named.
    func scenarios(_ names: [String]) throws -> [LabScenario] {
        let all = try catalog()
        guard !names.isEmpty else { return all }
        return try names.map { name in
            guard let scenario = all.first(where: { $0.name == name }) else {
                throw ValidationError(
                    "no scenario '\(TerminalText.escaped(name))'; there are: \(all.map(\.name).joined(separator: ", "))"
                )
            }
            return scenario
        }
    }
}

/// `chaindoctor lab`: the reverse of a probe. Broken brokers to point a device or a client library at.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Serve broken MQTT brokers (the TestChains scenarios) for a client under test; not a broker.",
        discussion: """
            Serves every TestChains scenario (or those named) on consecutive ports, over TLS through OpenSSL as \
            the scenario's mosquitto.conf would (certfile exactly as written, client certificates, TLS versions), \
            answering MQTT CONNECT, SUBSCRIBE and PUBLISH. Prints a table: the port, the scenario, what a correct \
            client must do (connect, or reject with which OpenSSL error) and what is wrong; --json prints it for a \
            test harness. Clients dial the name broker.test (send it as SNI, or map it to the lab's address) and \
            trust the scenario's client-ca.crt. A test and teaching tool, not a broker: it keeps no sessions and \
            checks no passwords. Runs until interrupted.
            """
    )

    @Argument(help: ArgumentHelp("Scenarios to serve (default: all).", valueName: "scenario"))
    var scenarios: [String] = []

    @Option(help: ArgumentHelp("The first port; the scenarios take the ports from there on.", valueName: "port"))
    var portBase: UInt16 = 18_830

    @Option(help: ArgumentHelp("The address to listen on (default loopback).", valueName: "address"))
    var bind = "127.0.0.1"

    @Flag(help: "Print the table as JSON (for a device test harness), then serve.")
    var json = false

    @OptionGroup var chains: ChainsOption

    func run() throws {
        let selected = try chains.scenarios(scenarios)
        guard Int(portBase) + selected.count - 1 <= Int(UInt16.max), portBase > 0 else {
            throw ValidationError(
                "--port-base \(portBase): \(selected.count) scenarios need ports \(portBase) to "
                    + "\(Int(portBase) + selected.count - 1); the last port is 65535")
        }
        let lab: LabServer
        do {
            lab = try LabServer(scenarios: selected, host: bind, portBase: portBase)
        } catch {
            throw ValidationError(error.description)
        }
        if lab.listensBeyondLoopback {
            StandardStream.error.write(
                "chaindoctor: warning: the lab listens on \(bind): these brokers serve throwaway test keys and accept "
                    + "anyone; keep them off networks you do not control\n")
        }
        do {
            try lab.start()
        } catch {
            throw ValidationError(error.description)
        }
        StandardStream.output.write(json ? Self.json(lab) : Self.table(lab))
        while true { pause() }
    }

    static func table(_ lab: LabServer) -> String {
        let width = lab.listeners.map(\.scenario.name.count).max() ?? 8
        let must = lab.listeners.map(\.scenario.expectation.count).max() ?? 8
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(0, count - text.count))
        }
        var lines = [
            "chaindoctor lab: \(lab.listeners.count) broken brokers on \(lab.host) (a test and teaching tool, not a "
                + "broker); Ctrl-C stops it.", "",
            pad("PORT", 7) + pad("SCENARIO", width + 2) + pad("A CORRECT CLIENT MUST", must + 2) + "WHAT IS WRONG",
        ]
        for listener in lab.listeners {
            let scenario = listener.scenario
            let lesson =
                scenario.lesson.hasPrefix(scenario.name + ": ")
                ? String(scenario.lesson.dropFirst(scenario.name.count + 2)) : scenario.lesson
            lines.append(
                pad(String(listener.port), 7) + pad(scenario.name, width + 2) + pad(scenario.expectation, must + 2)
                    + TerminalText.escaped(lesson))
        }
        let anchors = Set(lab.listeners.map(\.scenario.clientCAFile).filter { !$0.isEmpty })
        lines += [
            "",
            "Clients dial the name broker.test: give it as the server name (the SNI and the name checked), or map "
                + "broker.test to \(lab.host) in /etc/hosts.",
            "Trust each scenario's client-ca.crt"
                + (anchors.count == 1
                    ? ": \(anchors.first!)"
                    : " (TestChains/SCENARIO/client-ca.crt); most share "
                        + "TestChains/healthy/client-ca.crt."),
            "",
        ]
        return lines.joined(separator: "\n")
    }

    static func transport(_ transport: LabScenario.Transport) -> String {
        switch transport {
        case .tls: "tls"
        case .plain: "mqtt"
        case .http: "http"
        case .silent: "silent"
        }
    }

    /// The table as JSON, for scripts: `{"address", "scenarios": [...]}`.
    struct Table: Encodable {
        struct Entry: Encodable {
            var scenario: String
            var port: Int
            var expectation: String
            var lesson: String
            var caFile: String
            var serverName: String
            var transport: String
            var requiresUsername: Bool
            var opensslCode: Int?
        }
        var address: String
        var scenarios: [Entry]
    }

    static func json(_ lab: LabServer) -> String {
        let entries = lab.listeners.map { listener in
            let scenario = listener.scenario
            return Table.Entry(
                scenario: scenario.name, port: Int(listener.port), expectation: scenario.expectation,
                lesson: scenario.lesson, caFile: scenario.clientCAFile, serverName: scenario.identity,
                transport: Self.transport(scenario.transport), requiresUsername: scenario.requiresUsername,
                opensslCode: scenario.opensslCode.map(Int.init))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Table(address: lab.host, scenarios: entries))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
