import Foundation
import Glibc
import Testing

/// Runs the built `chaindoctor` binary and the real servers it is tested against (mosquitto, openssl s_server).
enum Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let testChains = packageRoot.appendingPathComponent("TestChains")

    /// The binary SwiftPM built beside this test bundle.
    static var binary: URL {
        get throws {
            var candidates: [URL] = []
            let bundle = Bundle.main.bundleURL
            candidates.append(bundle.appendingPathComponent("chaindoctor"))
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("chaindoctor"))
            let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            candidates.append(argv0.appendingPathComponent("chaindoctor"))
            candidates.append(packageRoot.appendingPathComponent(".build/debug/chaindoctor"))
            return try #require(
                candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                "chaindoctor binary not found in \(candidates.map(\.path))")
        }
    }

    /// A program that the tests need, found on PATH; a missing one fails the test loudly, never skips it.
    static func tool(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" } + ["/usr/sbin/\(name)"]
        return try #require(
            path.first { FileManager.default.isExecutableFile(atPath: $0) },
            "\(name) is not installed: run the README's test command (bash .ci/run), which installs it")
    }

    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        }
        var findingIDs: [String] {
            (json?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A free loopback port (bound, read, released).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(ok)
        return UInt16(bigEndian: address.sin_port)
    }

    /// Waits until something accepts TCP on the port.
    static func waitForListener(port: UInt16, process: Process, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try #require(process.isRunning, "server exited before listening on \(port)")
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = port.bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            usleep(50_000)
        }
        Issue.record("nothing listened on \(port) within \(seconds) s")
    }
}

/// A server process that lives as long as this object.
final class ServerProcess {
    let process = Process()
    let port: UInt16
    let logPath: String

    init(executable: String, arguments: [String], port: UInt16, waitForListener: Bool = true) throws {
        self.port = port
        logPath = NSTemporaryDirectory() + "chaindoctor-server-\(port).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = Pipe()
        try process.run()
        if waitForListener { try Harness.waitForListener(port: port, process: process) }
    }

    /// mosquitto serving one TestChains scenario, from its committed template.
    static func mosquitto(scenario: String) throws -> ServerProcess {
        let template = try String(contentsOfFile: Harness.testChains.appendingPathComponent(scenario).path + "/mosquitto.conf",
                                  encoding: .utf8)
        return try mosquitto(config: template, name: scenario, directory: scenario)
    }

    /// mosquitto with a configuration template (`@PORT@` and `@DIR@` filled in; `@DIR@` is the scenario folder).
    static func mosquitto(config template: String, name: String, directory: String? = nil) throws -> ServerProcess {
        let mosquitto = try Harness.tool("mosquitto")
        let port = try Harness.freePort()
        let dir = Harness.testChains.appendingPathComponent(directory ?? name.components(separatedBy: "-repaired")[0]).path
        let config = template.replacingOccurrences(of: "@PORT@", with: String(port)).replacingOccurrences(of: "@DIR@", with: dir)
        let path = NSTemporaryDirectory() + "chaindoctor-\(name)-\(port).conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServerProcess(executable: mosquitto, arguments: ["-c", path], port: port)
    }

    /// SIGKILL, not SIGTERM: a child spawned from a test thread inherits that thread's signal mask, in which
    /// libdispatch blocks SIGTERM, so mosquitto would never see a terminate().
    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
