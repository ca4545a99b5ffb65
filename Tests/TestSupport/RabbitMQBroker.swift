import Foundation
import Glibc

/// A real RabbitMQ node (Debian's rabbitmq-server) serving MQTT over TLS on 127.0.0.1: a second, independent
/// broker whose TLS stack is Erlang's, not OpenSSL's. It runs in the foreground as the current user, without
/// systemd or the package's service account, with its configuration, data, logs, Erlang cookie and its own epmd
/// in a temporary directory, on ports chosen at run time, so that several can run at once beside an installed
/// RabbitMQ. Restartable with another configuration; stopped with every process it started when the object goes.
public final class RabbitMQBroker {
    /// The MQTT-over-TLS port, chosen at start and kept across restarts: `@PORT@` in the configuration.
    public let port: UInt16
    /// The Erlang distribution port (RABBITMQ_DIST_PORT), the private epmd's (ERL_EPMD_PORT) and rabbitmqctl's.
    private let distributionPort: UInt16
    private let epmdPort: UInt16
    private let controlPort: UInt16
    private let directory: String
    private let nodeName: String
    private var node: Process?
    private var epmd: Process?

    /// Where the package puts the start script that runs the node as the caller; /usr/sbin/rabbitmq-server
    /// would switch to the rabbitmq user with su.
    static let serverScript = "/usr/lib/rabbitmq/bin/rabbitmq-server"
    /// The CLI, also from the package's own directory (the /usr/sbin one would su too).
    static let controlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl"
    /// The longest wait for the TLS port: a boot takes 6 to 13 s here, 3 to 6 s of it the MQTT plugin's
    /// randomized wait for cluster peers before its Raft election.
    static let startSeconds = 60.0

    /// Starts a node whose rabbitmq.conf is `config` with `@PORT@` replaced by a free loopback port, and returns
    /// once that port accepts TCP. The configuration must open the MQTT TLS listener on it (for instance
    /// `mqtt.listeners.ssl.default = 127.0.0.1:@PORT@`) and should close the others (`listeners.tcp = none`,
    /// `mqtt.listeners.tcp = none`). The rabbitmq_mqtt plugin is enabled. A node that exits or does not listen
    /// within a minute fails with the end of its log; one that lost its ports to another process is started
    /// again on others.
    public static func start(config: String) throws -> RabbitMQBroker {
        guard FileManager.default.isExecutableFile(atPath: serverScript),
            FileManager.default.isExecutableFile(atPath: controlScript), let epmdPath = try? Tools.require("epmd")
        else {
            throw TestSupportError(
                "rabbitmq-server is not installed (\(serverScript) or epmd is missing): Debian's rabbitmq-server "
                    + "package provides it; run the README's test command (bash .ci/test), which installs it")
        }
        var attempt = 0
        while true {
            attempt += 1
            let broker = try RabbitMQBroker(
                port: try Loopback.freePort(), distributionPort: try Loopback.freePort(),
                epmdPort: try Loopback.freePort(), controlPort: try Loopback.freePort())
            do {
                try broker.startEPMD(executable: epmdPath)
            } catch {
                // Another process took the epmd port in between.
                broker.stop()
                if attempt < 3 { continue }
                throw error
            }
            do {
                try broker.launch(config: config)
                return broker
            } catch {
                let taken = broker.log.contains("eaddrinuse")
                broker.stop()
                guard attempt < 3, taken else { throw error }
            }
        }
    }

    private init(port: UInt16, distributionPort: UInt16, epmdPort: UInt16, controlPort: UInt16) throws {
        self.port = port
        self.distributionPort = distributionPort
        self.epmdPort = epmdPort
        self.controlPort = controlPort
        directory = NSTemporaryDirectory() + "chaindoctor-rabbitmq-\(UUID().uuidString)"
        nodeName = "chaindoctor-\(getpid())-\(port)@localhost"
        for sub in ["home", "mnesia", "log"] {
            try FileManager.default.createDirectory(atPath: file(sub), withIntermediateDirectories: true)
        }
        // The plugin list RabbitMQ reads at boot: no rabbitmq-plugins run needed. An empty rabbitmq-env.conf
        // keeps /etc/rabbitmq/rabbitmq-env.conf out.
        try "[rabbitmq_mqtt].\n".write(toFile: file("enabled_plugins"), atomically: true, encoding: .utf8)
        try "".write(toFile: file("rabbitmq-env.conf"), atomically: true, encoding: .utf8)
    }

    /// Stops the node cleanly (rabbitmqctl stop), writes `config` (`@PORT@` filled in with the same port) and
    /// starts it again with its data kept, returning once the TLS port accepts TCP. A clean stop closes the data
    /// files, which a killed node's next boot spends seconds repairing.
    public func restart(config: String) throws {
        guard epmd != nil else { throw TestSupportError("RabbitMQ on \(port) was stopped: it cannot restart") }
        stopNode(gracefully: true)
        try launch(config: config)
    }

    /// Kills the node (the Erlang VM and the helpers it spawned) and its epmd, waits until they are gone, and
    /// removes the temporary directory. Called again, or by deinit after it, it does nothing.
    public func stop() {
        stopNode(gracefully: false)
        if let epmd {
            self.epmd = nil
            epmd.waitUntilExitOrKill(seconds: 0)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    private func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// An epmd of this node's own, on a port of its own: the node would otherwise start a daemon on 4369 that
    /// outlives it and that any other Erlang node on the machine shares.
    private func startEPMD(executable: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-port", String(epmdPort), "-address", "127.0.0.1"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        epmd = process
        try Loopback.waitForListener(port: epmdPort, process: process, seconds: 10)
    }

    /// The node's environment: every file under the temporary directory, the cookie in its own HOME, a unique
    /// node name, and the distribution on loopback. Inherited RABBITMQ_ and ERL_ variables are dropped.
    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("RABBITMQ_") && !$0.key.hasPrefix("ERL_")
        }
        environment.merge([
            "HOME": file("home"),
            "RABBITMQ_NODENAME": nodeName,
            "RABBITMQ_CONF_ENV_FILE": file("rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": file("rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": file("advanced.config"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": file("enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": file("mnesia"),
            "RABBITMQ_LOG_BASE": file("log"),
            "RABBITMQ_DIST_PORT": String(distributionPort),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_PORT": String(epmdPort),
            // The start script then execs the VM instead of waiting for it in a shell: the shell's wait never
            // returns when it inherits a test thread's signal mask (SIGCHLD blocked), and the VM, our child, is
            // reaped by us rather than left a zombie.
            "detached": "true",
        ]) { $1 }
        return environment
    }

    /// Writes the configuration and starts the node, its output in console.log; returns once the TLS port
    /// accepts TCP.
    private func launch(config: String) throws {
        try config.replacingOccurrences(of: "@PORT@", with: String(port))
            .write(toFile: file("rabbitmq.conf"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: file("console.log"), contents: nil)
        let console = try FileHandle(forWritingTo: URL(fileURLWithPath: file("console.log")))
        defer { try? console.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.serverScript)
        // The VM writes erl_crash.dump to its working directory.
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = console
        process.standardError = console
        try process.run()
        node = process
        do {
            try Loopback.waitForListener(port: port, process: process, seconds: Self.startSeconds)
        } catch {
            throw TestSupportError("RabbitMQ \(nodeName): \(error); its log:\n\(log)")
        }
    }

    /// What the node said, for a failure: its first error lines (a refused setting is named there, before pages
    /// of supervisor reports) and the end of its log.
    private var log: String {
        let console = (try? String(contentsOfFile: file("console.log"), encoding: .utf8)) ?? ""
        let nodeLog = (try? String(contentsOfFile: file("log/\(nodeName).log"), encoding: .utf8)) ?? ""
        let errors = (console + "\n" + nodeLog).split(separator: "\n").filter { $0.contains("[error]") }.prefix(8)
        let tail = (nodeLog.isEmpty ? console : nodeLog).split(separator: "\n").suffix(15)
        return (errors + ["..."] + tail).map { String($0.prefix(300)) }.joined(separator: "\n")
    }

    /// Ends the node: with `gracefully`, rabbitmqctl stop first (about 1.5 s); then SIGKILL for the VM (SIGTERM
    /// would stay blocked: the VM inherits a test thread's signal mask) and for any helper it spawned that is
    /// still running (erl_child_setup starts a session of its own, so a process group would miss it). Waits
    /// until none runs.
    private func stopNode(gracefully: Bool) {
        guard let node else { return }
        self.node = nil
        guard node.isRunning else { return node.waitUntilExit() }
        let helpers = ProcessTree.descendants(of: node.processIdentifier)
        if gracefully {
            askToStop()
            node.waitUntilExitOrKill(seconds: 10)
        }
        node.waitUntilExitOrKill(seconds: 0)
        ProcessTree.end(helpers)
    }

    /// `rabbitmqctl stop` with the node's environment (its cookie, name and epmd), the CLI's own distribution
    /// port on loopback; killed if it hangs.
    private func askToStop() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.controlScript)
        process.arguments = ["stop"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment.merging([
            "RABBITMQ_CTL_DIST_PORT_MIN": String(controlPort), "RABBITMQ_CTL_DIST_PORT_MAX": String(controlPort),
            "RABBITMQ_CTL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        ]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExitOrKill(seconds: 30)
    }
}
