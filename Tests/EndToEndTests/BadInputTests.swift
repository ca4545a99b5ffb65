import Foundation
import TestSupport
import Testing

/// Every kind of bad input ends in one line on stderr and exit code 3: never a crash, a trap or a hang.
@Suite(.timeLimit(.minutes(10))) struct BadInputTests {
    func expectUnknown(
        _ result: Harness.Result, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.exitCode == 3, "exit \(result.exitCode): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
        let path = NSTemporaryDirectory() + "chaindoctor-\(UUID().uuidString)-\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func garbageCAFile() throws {
        let path = try temporaryFile((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }, name: "garbage.crt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectUnknown(try Harness.run(["probe", "127.0.0.1:1", "--cafile", path]), mentioning: path)
    }

    @Test func truncatedPEMCAFile() throws {
        let root = try String(contentsOf: Harness.testChains.appendingPathComponent("ca/root.crt"), encoding: .utf8)
        let path = try temporaryFile(Array(root.utf8.prefix(root.utf8.count / 2)), name: "truncated.crt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectUnknown(try Harness.run(["probe", "127.0.0.1:1", "--cafile", path]), mentioning: "no END line")
    }

    @Test func missingCAFile() throws {
        expectUnknown(
            try Harness.run(["probe", "127.0.0.1:1", "--cafile", "/nonexistent/ca.crt"]), mentioning: "no such file")
    }

    @Test func unreachablePort() throws {
        let refused = try RefusingPort()
        let result = try Harness.run([
            "probe", "127.0.0.1:\(refused.port)", "--cafile",
            Harness.testChains.appendingPathComponent("ca/root.crt").path,
        ])
        expectUnknown(result, mentioning: "Connection refused")
    }

    @Test func ipv6LiteralIsWrittenAsTyped() throws {
        let result = try Harness.run([
            "probe", "[::1]:1", "--cafile", Harness.testChains.appendingPathComponent("ca/root.crt").path,
        ])
        expectUnknown(result, mentioning: "chaindoctor: [::1]:1: cannot connect to [::1]:1")
    }

    @Test func unreachablePortInJSONIsStillADocument() throws {
        let refused = try RefusingPort()
        let result = try Harness.run([
            "probe", "127.0.0.1:\(refused.port)", "--json", "--cafile",
            Harness.testChains.appendingPathComponent("ca/root.crt").path,
        ])
        #expect(result.exitCode == 3)
        let verdict = try #require(result.json?["verdict"] as? [String: Any])
        #expect(verdict["status"] as? String == "unknown")
        #expect((result.json?["error"] as? String)?.contains("Connection refused") == true)
    }

    @Test func badTargetAndOptions() throws {
        expectUnknown(try Harness.run(["probe", "host:notaport"]), mentioning: "not HOST")
        expectUnknown(try Harness.run(["probe", "host", "--timeout", "-1"]), mentioning: "--timeout")
        expectUnknown(try Harness.run(["probe"]), mentioning: "Missing expected argument")
    }

    /// A listener the kernel accepts for and that never speaks: the probe ends on its own timeout (the
    /// harness's watchdog fails the test if it hangs instead).
    @Test func silentServerEndsWithinTheTimeout() throws {
        let listener = try SilentListener()
        let result = try Harness.run(
            [
                "probe", "127.0.0.1:\(listener.port)", "--timeout", "1",
                "--cafile", Harness.testChains.appendingPathComponent("ca/root.crt").path,
            ], timeout: 30)
        expectUnknown(result, mentioning: "timed out after 1 s")
    }
}
