import Dispatch
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// Runs the built `chaindoctor` binary; the servers it is tested against come from TestSupport.
enum Harness {
    static let testChains = TestPaths.testChains

    /// The binary SwiftPM built beside this test bundle.
    static var binary: URL {
        get throws {
            var candidates: [URL] = []
            let bundle = Bundle.main.bundleURL
            candidates.append(bundle.appendingPathComponent("chaindoctor"))
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("chaindoctor"))
            let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            candidates.append(argv0.appendingPathComponent("chaindoctor"))
            candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug/chaindoctor"))
            return try #require(
                candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                "chaindoctor binary not found in \(candidates.map(\.path))")
        }
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

    /// Runs the binary to its end. A watchdog kills it after `timeout` seconds and fails the test: a hang is a
    /// failure, never a stuck suite. Both pipes are read at once, so a child that fills one never blocks.
    static func run(
        _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 120,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let finished = DispatchSemaphore(value: 0)
        let killed = Mutex(false)
        let pid = process.processIdentifier
        DispatchQueue.global().async {
            guard finished.wait(timeout: .now() + timeout) == .timedOut else { return }
            killed.withLock { $0 = true }
            kill(pid, SIGKILL)
        }
        let stderr = Mutex(Data())
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderr.withLock { $0 = data }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        readers.wait()
        process.waitUntilExit()
        finished.signal()
        if killed.withLock({ $0 }) {
            Issue.record(
                "chaindoctor \(arguments) ran past \(timeout) s and was killed", sourceLocation: sourceLocation)
        }
        return Result(
            exitCode: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr.withLock { $0 }, as: UTF8.self))
    }
}
