import Dispatch
public import Foundation
import Glibc
import Synchronization

/// The programs the tests need, found on PATH (and /usr/sbin, where Debian puts mosquitto).
public enum Tools {
    /// A program the tests need; a missing one fails the test loudly, never skips it.
    public static func require(_ name: String) throws -> String {
        // A path is taken as it is (a program the package built).
        if name.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: name) { return name }
        let path =
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" } + ["/usr/sbin/\(name)"]
        guard let found = path.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSupportError(
                "\(name) is not installed: run the README's test command (bash .ci/test), which installs it")
        }
        return found
    }
}

extension Tools {
    /// Runs a program to its end, with `input` on its standard input; its exit status and what it printed
    /// (stdout and stderr together). A program still running after `watchdog` seconds is killed and fails.
    @discardableResult
    public static func run(
        _ tool: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
        watchdog: Double = 120
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require(tool))
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        }
        let collected = Mutex(Data())
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0 = data }
        }
        if ended.wait(timeout: .now() + watchdog) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestSupportError("\(tool) \(arguments.prefix(6).joined(separator: " ")) ran past \(watchdog) s")
        }
        reader.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: collected.withLock { $0 }, as: UTF8.self))
    }

    /// Runs a program that must succeed.
    public static func mustRun(_ tool: String, _ arguments: [String], input: Data? = nil) throws {
        let result = try run(tool, arguments, input: input)
        guard result.status == 0 else {
            throw TestSupportError(
                "\(tool) \(arguments.prefix(8).joined(separator: " ")) failed: \(result.output.suffix(600))")
        }
    }
}

/// A server process (mosquitto, openssl s_server, a Python peer) that lives as long as this object, with its
/// output in a log file. SIGKILLed and its files removed when the object goes.
public final class ServerProcess {
    public let process = Process()
    public let port: UInt16
    public let logPath: String
    /// Files made for this server (its configuration), removed with it.
    public var temporaryFiles: [String] = []

    /// Starts the server; with `waitForListener`, returns once it accepts TCP on `port` (within `listenSeconds`).
    /// Prefer `start`, which picks the port and tries another when it was taken.
    public init(
        executable: String, arguments: [String], port: UInt16, waitForListener: Bool = true, listenSeconds: Double = 10,
        input: FileHandle? = nil, environment: [String: String]? = nil
    ) throws {
        self.port = port
        logPath = NSTemporaryDirectory() + "chaindoctor-server-\(port)-\(UInt32.random(in: 0...UInt32.max)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = input ?? Pipe()
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        try process.run()
        try? log.close()
        if waitForListener { try Loopback.waitForListener(port: port, process: process, seconds: listenSeconds) }
    }

    /// Starts a server on a port of its own: `arguments` gets the port. A server that exits before listening
    /// because another process took the port in the meantime ("Address already in use") is started again on
    /// another port; any other early exit fails with the server's log.
    ///
    /// A server that serves one connection only (`openssl s_server -naccept 1`) must not be woken by a test
    /// connection: with `oneConnection`, its listening socket is looked for in the kernel's table instead.
    public static func start(
        executable: String, listenSeconds: Double = 10, oneConnection: Bool = false, input: FileHandle? = nil,
        environment: [String: String]? = nil, arguments: (UInt16) throws -> [String]
    ) throws -> ServerProcess {
        var attempt = 0
        while true {
            let port = try Loopback.freePort()
            let server = try ServerProcess(
                executable: executable, arguments: try arguments(port), port: port, waitForListener: false,
                input: input, environment: environment)
            do {
                if oneConnection {
                    try Loopback.waitUntilListening(port: port, process: server.process, seconds: listenSeconds)
                } else {
                    try Loopback.waitForListener(port: port, process: server.process, seconds: listenSeconds)
                }
                return server
            } catch {
                attempt += 1
                server.process.waitUntilExitOrKill(seconds: 1)
                let log = server.log
                guard attempt < 5, portWasTaken(log) else {
                    throw TestSupportError("\(error); the server's log: \(log.suffix(600))")
                }
            }
        }
    }

    /// How mosquitto, openssl s_server and Python say that a port is taken.
    static func portWasTaken(_ log: String) -> Bool {
        ["Address already in use", "address already in use", "Errno 98", "EADDRINUSE"].contains { log.contains($0) }
    }

    /// Waits until the server's log holds `text` (a line it writes once it has done something), failing when
    /// the server exits first or nothing comes within `seconds`.
    public func waitForLog(_ text: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if log.contains(text) { return }
            guard process.isRunning else { throw TestSupportError("the server exited; its log: \(log.suffix(600))") }
            usleep(20_000)
        }
        throw TestSupportError("'\(text)' not in the server's log within \(seconds) s: \(log.suffix(600))")
    }

    /// What the server has written so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// mosquitto serving one TestChains scenario, from its committed template.
    public static func mosquitto(scenario: String) throws -> ServerProcess {
        let template = try String(contentsOfFile: TestPaths.scenarioFile(scenario, "mosquitto.conf"), encoding: .utf8)
        return try mosquitto(config: template, name: scenario, directory: scenario)
    }

    /// mosquitto with a configuration template (`@PORT@` and `@DIR@` filled in; `@DIR@` is the scenario folder).
    /// `environment` is added to the broker's (an `OPENSSL_CONF` that caps its TLS versions, say).
    public static func mosquitto(
        config template: String, name: String, directory: String? = nil, environment: [String: String]? = nil
    ) throws -> ServerProcess {
        let dir = TestPaths.testChains.appendingPathComponent(
            directory ?? name.components(separatedBy: "-repaired")[0]
        ).path
        return try withConfig(
            template, executable: try Tools.require("mosquitto"), name: "\(name).conf", environment: environment
        ) {
            ["-c", $0]
        } fill: {
            $0.replacingOccurrences(of: "@DIR@", with: dir)
        }
    }

    /// amqtt (PyPI) serving `TestChains/amqtt-wss/broker.yaml`: MQTT 3.1.1 over WebSockets over TLS with the healthy
    /// chain, at any path. Its Python start-up is slow on a loaded machine, hence the longer wait.
    public static func amqtt() throws -> ServerProcess {
        let scenario = TestPaths.testChains.appendingPathComponent("amqtt-wss")
        let template = try String(contentsOf: scenario.appendingPathComponent("broker.yaml"), encoding: .utf8)
        return try withConfig(
            template, executable: try Tools.require("amqtt"), name: "amqtt-wss.yaml", listenSeconds: 30
        ) {
            ["-c", $0]
        } fill: {
            $0.replacingOccurrences(of: "@DIR@", with: scenario.path)
        }
    }

    /// `TestChains/amqtt-wss/path-server.py`: wss serving MQTT only at /mqtt (404 elsewhere), /mqtt-nosub without a
    /// subprotocol, with the healthy chain.
    public static func webSocketPathServer() throws -> ServerProcess {
        try start(executable: try Tools.require("python3"), listenSeconds: 30) { port in
            [
                TestPaths.scenarioFile("amqtt-wss", "path-server.py"), String(port),
                TestPaths.scenarioFile("healthy", "broker.crt"), TestPaths.scenarioFile("healthy", "broker.key"),
            ]
        }
    }

    /// `openssl s_server` with a scenario's leaf (`-cert` sends its file's first certificate), the test
    /// intermediate after it, and `arguments`; it serves one connection at a time, forever.
    public static func opensslServer(_ arguments: [String], cert scenario: String = "healthy") throws -> ServerProcess {
        try start(executable: try Tools.require("openssl")) { port in
            [
                "s_server", "-accept", "127.0.0.1:\(port)", "-cert", TestPaths.scenarioFile(scenario, "broker.crt"),
                "-key", TestPaths.scenarioFile(scenario, "broker.key"),
                "-cert_chain", TestPaths.scenarioFile("ca", "intermediate.crt"), "-quiet",
            ] + arguments
        }
    }

    /// A server whose configuration file is `template` with `@PORT@` filled in for each port tried, written to the
    /// temporary directory and removed with the server.
    static func withConfig(
        _ template: String, executable: String, name: String, listenSeconds: Double = 10,
        environment: [String: String]? = nil, arguments: (String) -> [String], fill: (String) -> String
    ) throws -> ServerProcess {
        var written: [String] = []
        do {
            let server = try start(executable: executable, listenSeconds: listenSeconds, environment: environment) {
                port in
                let path = NSTemporaryDirectory() + "chaindoctor-\(port)-\(name)"
                try fill(template.replacingOccurrences(of: "@PORT@", with: String(port)))
                    .write(toFile: path, atomically: true, encoding: .utf8)
                written.append(path)
                return arguments(path)
            }
            server.temporaryFiles = written
            return server
        } catch {
            for path in written { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
    }

    /// SIGKILL, not SIGTERM: a child spawned from a test thread inherits that thread's signal mask, in which
    /// libdispatch blocks SIGTERM, so mosquitto would never see a terminate().
    deinit {
        process.waitUntilExitOrKill(seconds: 0)
        for file in [logPath] + temporaryFiles { try? FileManager.default.removeItem(atPath: file) }
    }
}

extension Process {
    /// Waits up to `seconds` for the process to end by itself, then SIGKILLs it and reaps it.
    public func waitUntilExitOrKill(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}
