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

/// A FIFO with no writer, wherever a file is read: one line and exit 3, never a hang (the harness's watchdog fails
/// the test if the binary blocks on the open).
@Suite(.timeLimit(.minutes(10))) struct FIFOInputTests {
    @Test func aFIFOIsRefusedWhereverAFileIsRead() throws {
        let scratch = try TemporaryDirectory("fifo")
        let fifo = scratch.file("no-writer")
        try #require(mkfifo(fifo, 0o600) == 0, "mkfifo: \(String(cString: strerror(errno)))")
        let healthy = TestPaths.scenarioFile("healthy", "broker.crt")
        let cafile = TestPaths.scenarioFile("healthy", "client-ca.crt")
        let runs: [[String]] = [
            ["check", fifo],
            ["check", healthy, "--cafile", fifo],
            ["probe", "127.0.0.1:1", "--cafile", cafile, "--cert", fifo, "--key", fifo],
            ["audit", fifo, "--cafile", cafile],
            ["probe", "127.0.0.1:1", "--cafile", cafile, "--username", "u", "--password-file", fifo],
        ]
        for arguments in runs {
            let result = try Harness.run(arguments, timeout: 30)
            #expect(result.exitCode == 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file"), "\(arguments): \(result.stderr)")
        }
        // The keyfile of check is judged, not refused: key_unreadable, saying why.
        let key = try Harness.run(["check", healthy, "--cafile", cafile, "--key", fifo, "--json"], timeout: 30)
        #expect(key.exitCode == 2)
        let finding = (key.json?["findings"] as? [[String: Any]])?.first { $0["id"] as? String == "key_unreadable" }
        #expect((finding?["evidence"] as? String)?.contains("not a regular file") == true, "\(key.stdout.prefix(400))")
    }
}
