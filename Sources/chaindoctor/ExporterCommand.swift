import ArgumentParser
import ChainDoctorKit
import Exporter
import FoundationSubstitutes
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `chaindoctor exporter`: probes for Prometheus, as blackbox_exporter and ssl_exporter serve them.
struct ExporterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporter",
        abstract: "Serve probes to Prometheus over HTTP: /probe?target=HOST:PORT&module=NAME, and /metrics.",
        discussion: """
            Runs until stopped. GET /probe?target=HOST:PORT[&module=NAME][&servername=NAME] probes the broker and \
            answers with the metrics of --format prometheus; GET /metrics gives the exporter's own. A module fixes \
            what a probe may be told: the probe options below make the module "default", and --config FILE adds \
            modules from YAML, each a map of probe options by their long names (cafile: /etc/ssl/ca.crt, \
            mqtt-version: "5", quick: true, clients: [openssl, mbedtls]); a module named default there replaces \
            the command line's. A scrape chooses a module and a target, never a file or a credential. A probe's \
            timeout is the module's --timeout, or Prometheus's scrape timeout less 0.5 s when that is shorter.
            """
    )

    @Option(help: ArgumentHelp("Address and port to listen on (':9883' is every address).", valueName: "address"))
    var listen = "127.0.0.1:9883"

    @Option(help: ArgumentHelp("YAML file of modules: modules: {NAME: {OPTION: VALUE, ...}}.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Probes run at the same time; scrapes beyond wait for a slot.", valueName: "n"))
    var maxConcurrentProbes = 32

    @OptionGroup var probe: ProbeOptions

    func validate() throws {
        guard (1...1024).contains(maxConcurrentProbes) else {
            throw ValidationError("--max-concurrent-probes must be between 1 and 1024")
        }
    }

    func run() throws {
        var modules = [try Self.module(named: ProbeExporter.defaultModuleName, options: probe)]
        if let config {
            let configured = try ExporterConfig.modules(in: config)
            modules.removeAll { module in configured.contains { $0.name == module.name } }
            modules += configured
        }
        let exporter = ProbeExporter(
            modules: modules, maximumConcurrentProbes: maxConcurrentProbes, version: Tool.version)
        let server: HTTPServer
        do {
            server = try HTTPServer(listen: listen, maximumConnections: max(512, 4 * maxConcurrentProbes)) {
                exporter.handle($0)
            }
        } catch {
            throw ValidationError(error.description)
        }
        if server.listensBeyondLoopback {
            StandardStream.error.write(
                "chaindoctor: warning: listening on \(server.host.isEmpty ? "every address" : server.host): anyone who reaches "
                    + "the port can make this host probe any target; put it behind a firewall or a proxy\n")
        }
        StandardStream.error.write(
            "chaindoctor exporter listening on port \(server.port) of \(listen) (modules: "
                + "\(modules.map(\.name).sorted().joined(separator: ", ")))\n")
        server.serve()
    }

    /// A module from probe options, as the command line or the configuration gives them.
    static func module(named name: String, options: ProbeOptions) throws -> ExporterModule {
        // The target is each scrape's; this one is never dialled.
        let placeholder = ProbeTarget(host: "module-\(name).invalid", port: ProbeTarget.defaultPort)
        let settings = options.settings(for: placeholder, serverName: nil, credentials: try options.credentials())
        return ExporterModule(name: name, settings: settings)
    }
}

/// The exporter's YAML: `modules:` mapping names to probe options by their long names. Each module is parsed by
/// the same option parser as the command line, so an option means the same in both, and a misspelt one stops
/// the exporter at start with the module's name, never at a scrape.
enum ExporterConfig {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func modules(in path: String) throws -> [ExporterModule] {
        let bytes = try TrustStoreLoader.readFile(path)
        let document: ModuleFileYAML.Node
        do {
            document = try ModuleFileYAML.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw Failure(
                description: "\(path): not YAML the module file can hold (\(oneLine(String(describing: error))))")
        }
        guard case .mapping(let root) = document,
            case .mapping(let modules)? = root.first(where: { $0.key == "modules" })?.value
        else {
            throw Failure(description: "\(path): expected 'modules:' with one map of probe options per module")
        }
        return try modules.sorted { $0.key < $1.key }.map { module in
            let name = module.key
            guard name.wholeMatch(of: #/[A-Za-z0-9_.\-]{1,64}/#) != nil else {
                throw Failure(description: "\(path): module name '\(name)' must be 1 to 64 of A-Z a-z 0-9 _ . -")
            }
            let options: [ModuleFileYAML.Entry]
            switch module.value {
            case .mapping(let entries): options = entries
            case .null: options = []
            default: throw Failure(description: "\(path): module '\(name)' is not a map of probe options")
            }
            let arguments = try arguments(options, module: name, path: path)
            do {
                return try ExporterCommand.module(named: name, options: try ProbeOptions.parse(arguments))
            } catch {
                throw Failure(
                    description: "\(path): module '\(name)': \(oneLine(ProbeOptions.message(for: error)))")
            }
        }
    }

    /// `{cafile: ca.crt, quick: true, clients: [go, java]}` → `--cafile=ca.crt --quick --clients=go,java`.
    static func arguments(_ options: [ModuleFileYAML.Entry], module: String, path: String) throws -> [String] {
        var arguments: [String] = []
        for option in options.sorted(by: { $0.key < $1.key }) {
            let key = option.key
            guard key.wholeMatch(of: #/[a-z][a-z0-9\-]*/#) != nil else {
                throw Failure(description: "\(path): module '\(module)': '\(key)' is not an option name")
            }
            let needs = Failure(
                description: "\(path): module '\(module)': '\(key)' needs a string, number, true/false or list")
            switch option.value {
            // A flag is given or left out. The booleans are YAML 1.1's, as Yams (which read this file before)
            // and Go's yaml.v2 (blackbox_exporter's) read them: yes/no and on/off too.
            case .scalar(let word, plain: true) where ModuleFileYAML.trueWords.contains(word):
                arguments.append("--\(key)")
            case .scalar(let word, plain: true) where ModuleFileYAML.falseWords.contains(word):
                continue
            // --key=value: a value that starts with '-' (timeout: -1) stays the option's value.
            case .scalar(let value, _):
                arguments.append("--\(key)=\(value)")
            case .sequence(let items):
                let words = try items.map { item in
                    guard case .scalar(let word, _) = item else { throw needs }
                    return word
                }
                arguments.append("--\(key)=" + words.joined(separator: ","))
            case .null, .mapping:
                throw needs
            }
        }
        return arguments
    }

    static func oneLine(_ text: String) -> String {
        var line = String(text.split(separator: "\n").first ?? "").trimming(.whitespaces)
        if line.hasPrefix("Error: ") { line.removeFirst("Error: ".count) }
        return line
    }
}
