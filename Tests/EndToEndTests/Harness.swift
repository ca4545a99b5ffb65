import Foundation
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
        return Result(
            exitCode: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
