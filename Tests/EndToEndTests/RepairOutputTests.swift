import Foundation
import Glibc
import TestSupport
import Testing

/// `check --repair OUT` writes only where the user asked, and only a regular file: never through a link, never over
/// a device or FIFO, never over an existing file without --force, and with --force in place, keeping owner and mode.
@Suite(.timeLimit(.minutes(10))) struct RepairOutputTests {
    func repair(_ out: String, force: Bool = false) throws -> Harness.Result {
        try Harness.run(
            [
                "check", TestPaths.scenarioFile("leaf-only", "broker.crt"), "--cafile",
                TestPaths.scenarioFile("leaf-only", "client-ca.crt"), "--hostname", "broker.test", "--intermediates",
                TestPaths.testChains.appendingPathComponent("ca").path, "--repair", out,
            ] + (force ? ["--force"] : []))
    }

    func expectRefused(_ result: Harness.Result, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == 3, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(words), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func anExistingFileNeedsForceAndKeepsItsMode() throws {
        let scratch = try TemporaryDirectory("repair-existing")
        let out = scratch.file("chain.crt")
        try "keep me\n".write(toFile: out, atomically: true, encoding: .utf8)
        try #require(chmod(out, 0o600) == 0)
        expectRefused(try repair(out), "add --force")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me\n", "untouched without --force")

        let forced = try repair(out, force: true)
        #expect(forced.exitCode == 2, "the chain is still leaf-only: \(forced.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("-----BEGIN CERTIFICATE-----"))
        var status = stat()
        try #require(stat(out, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600, "overwritten in place, mode kept")
    }

    @Test func aLinkAFIFOAndADeviceAreNeverWritten() throws {
        let scratch = try TemporaryDirectory("repair-links")
        let target = scratch.file("target.crt")
        let link = scratch.file("link.crt")
        try #require(symlink(target, link) == 0)
        expectRefused(try repair(link), "symbolic link")
        expectRefused(try repair(link, force: true), "symbolic link")
        #expect(!FileManager.default.fileExists(atPath: target), "nothing written through the link")

        let fifo = scratch.file("fifo.crt")
        try #require(mkfifo(fifo, 0o600) == 0)
        expectRefused(try repair(fifo, force: true), "not a regular file")

        expectRefused(try repair("/dev/null", force: true), "not a regular file")
        var status = stat()
        try #require(stat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    @Test func dashIsStandardOutputAndTheReportGoesToStandardError() throws {
        let result = try repair("-")
        #expect(result.exitCode == 2, "the chain as given is still leaf-only: \(result.stderr)")
        #expect(result.stdout.hasPrefix("-----BEGIN CERTIFICATE-----"), "\(result.stdout)")
        #expect(
            result.stdout.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1 == 2, "leaf + intermediate")
        #expect(!result.stdout.contains("missing_intermediate"), "only the chain on standard output")
        #expect(result.stderr.contains("missing_intermediate"), "the report on standard error: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "-"), "no file named -")
    }

    /// `chaindoctor … | head`: a reader that is gone ends the output, not the process (no trap, no signal), and
    /// the exit code still says what the report found.
    @Test func aClosedStandardOutputIsNotACrash() throws {
        let process = Process()
        process.executableURL = try Harness.binary
        process.arguments = [
            "check", TestPaths.scenarioFile("healthy", "broker.crt"), "--cafile",
            TestPaths.scenarioFile("healthy", "client-ca.crt"), "--hostname", "broker.test",
        ]
        let output = Pipe()
        let errors = Pipe()
        try output.fileHandleForReading.close()  // every write to standard output fails with EPIPE
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        try output.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by a signal: \(stderr)")
        #expect(process.terminationStatus == 0, "the healthy chain's exit code: \(stderr)")
        #expect(!stderr.contains("Fatal error") && !stderr.contains("crashed"), "\(stderr)")
    }

    @Test func forceWithoutRepairIsAUsageError() throws {
        let result = try Harness.run(["check", TestPaths.scenarioFile("healthy", "broker.crt"), "--force"])
        expectRefused(result, "--force goes with --repair")
    }
}
