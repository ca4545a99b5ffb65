public import Foundation
import Glibc

/// The programs the tests run against, found on PATH (and /usr/sbin, where Debian puts mosquitto).
public enum Tools {
    /// A program the tests need; a missing one fails the test loudly, never skips it.
    public static func require(_ name: String) throws -> String {
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

/// A server process (mosquitto, openssl s_server, a Python peer) that lives as long as this object, with its
/// output in a log file.
public final class ServerProcess {
    public let process = Process()
    public let port: UInt16
    public let logPath: String

    /// Starts the server; with `waitForListener`, returns once it accepts TCP on `port` (within `listenSeconds`).
    public init(
        executable: String, arguments: [String], port: UInt16, waitForListener: Bool = true, listenSeconds: Double = 10
    ) throws {
        self.port = port
        logPath = NSTemporaryDirectory() + "chaindoctor-server-\(port).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = Pipe()
        try process.run()
        if waitForListener { try Loopback.waitForListener(port: port, process: process, seconds: listenSeconds) }
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
    public static func mosquitto(
        config template: String, name: String, directory: String? = nil
    ) throws
        -> ServerProcess
    {
        let mosquitto = try Tools.require("mosquitto")
        let port = try Loopback.freePort()
        let dir = TestPaths.testChains.appendingPathComponent(
            directory ?? name.components(separatedBy: "-repaired")[0]
        ).path
        let config = template.replacingOccurrences(of: "@PORT@", with: String(port))
            .replacingOccurrences(of: "@DIR@", with: dir)
        let path = NSTemporaryDirectory() + "chaindoctor-\(name)-\(port).conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServerProcess(executable: mosquitto, arguments: ["-c", path], port: port)
    }

    /// amqtt (PyPI) serving `TestChains/amqtt-wss/broker.yaml`: MQTT 3.1.1 over WebSockets over TLS with the healthy
    /// chain, at any path. Its Python start-up is slow on a loaded machine, hence the longer wait.
    public static func amqtt() throws -> ServerProcess {
        let scenario = TestPaths.testChains.appendingPathComponent("amqtt-wss")
        let template = try String(contentsOf: scenario.appendingPathComponent("broker.yaml"), encoding: .utf8)
        let port = try Loopback.freePort()
        let config = template.replacingOccurrences(of: "@PORT@", with: String(port))
            .replacingOccurrences(of: "@DIR@", with: scenario.path)
        let path = NSTemporaryDirectory() + "chaindoctor-amqtt-wss-\(port).yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }  // read at start-up only
        return try ServerProcess(
            executable: try Tools.require("amqtt"), arguments: ["-c", path], port: port, listenSeconds: 30)
    }

    /// `TestChains/amqtt-wss/path-server.py`: wss serving MQTT only at /mqtt (404 elsewhere), /mqtt-nosub without a
    /// subprotocol, with the healthy chain.
    public static func webSocketPathServer() throws -> ServerProcess {
        let port = try Loopback.freePort()
        return try ServerProcess(
            executable: try Tools.require("python3"),
            arguments: [
                TestPaths.scenarioFile("amqtt-wss", "path-server.py"), String(port),
                TestPaths.scenarioFile("healthy", "broker.crt"), TestPaths.scenarioFile("healthy", "broker.key"),
            ],
            port: port, listenSeconds: 30)
    }

    /// SIGKILL, not SIGTERM: a child spawned from a test thread inherits that thread's signal mask, in which
    /// libdispatch blocks SIGTERM, so mosquitto would never see a terminate().
    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
