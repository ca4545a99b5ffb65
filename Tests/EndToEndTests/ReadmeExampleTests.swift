import Foundation
import TestSupport
import Testing

/// The README's examples, run: the README itself is the golden file. Each example sits between
/// `<!-- example NAME: begin ... -->` and `<!-- example NAME: end -->` and is run from the package root, as written.
@Suite(.timeLimit(.minutes(10))) struct ReadmeExampleTests {
    /// `check --repair`, compared whole: only the repair file goes to a temporary directory instead of the package
    /// root, and its path is put back in the output.
    @Test func checkRepairExamplePrintsWhatTheREADMEShows() throws {
        let example = try Example.named("check-repair")
        let repair = try #require(example.arguments.firstIndex(of: "--repair"), "the example has no --repair") + 1
        let shown = example.arguments[repair]
        let directory = NSTemporaryDirectory() + "chaindoctor-readme-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = directory + "/" + URL(fileURLWithPath: shown).lastPathComponent
        var arguments = example.arguments
        arguments[repair] = written

        let result = try Example.run(arguments)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        Example.expectSameLines(result.lines(replacing: written, with: shown), example.output, "check --repair")
        #expect(result.exitCode == example.exitCode)
        #expect(FileManager.default.fileExists(atPath: written), "the output says it wrote \(shown)")
    }

    /// The first command of the README (`swift run chaindoctor demo`): the lab serves leaf-only in-process and the
    /// demo probes it. The port is the kernel's and the trust store's path the checkout's, so the findings, the
    /// advice on what to try next and the exit code are compared.
    @Test func demoExamplePrintsWhatTheREADMEShows() throws {
        let example = try Example.named("demo")
        let result = try Example.run(example.arguments)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = try #require(Example.findings(example.output), "the README example shows no Findings")
        let printed = try #require(Example.findings(lines), "the demo printed no Findings: \(result.stdout)")
        Example.expectSameLines(printed, shown, "demo findings")
        let next = { (lines: [String]) in Array(lines.drop { $0 != "What to try next:" }.prefix { !$0.isEmpty }) }
        #expect(!next(example.output).isEmpty)
        Example.expectSameLines(next(lines), next(example.output), "demo: what to try next")
        #expect(result.exitCode == example.exitCode)
    }

    /// The probe example, against its scenario served by mosquitto on a port of its own: the findings (severity, id,
    /// message, evidence and fix) and the exit code are what the README shows; the rest of its output (days left, the
    /// negotiated TLS version) depends on the day and the OpenSSL build.
    @Test func probeExampleFindsWhatTheREADMEShows() throws {
        let example = try Example.named("probe-leaf-only")
        let broker = try ServerProcess.mosquitto(scenario: "leaf-only")
        let (arguments, shownTarget) = try example.targeting(port: broker.port)

        let result = try Example.run(arguments)
        let lines = result.lines(replacing: "127.0.0.1:\(broker.port)", with: shownTarget)
        let shown = try #require(Example.findings(example.output), "the README example shows no Findings")
        let printed = try #require(Example.findings(lines), "the probe printed no Findings: \(result.stdout)")
        Example.expectSameLines(printed, shown, "probe leaf-only findings")
        #expect(result.exitCode == example.exitCode)
    }

    /// The healthy broker's example shows the last lines of the output, after `...`.
    @Test func healthyProbeEndsAsTheREADMEShows() throws {
        let example = try Example.named("probe-healthy")
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        let (arguments, shownTarget) = try example.targeting(port: broker.port)
        try #require(example.output.first == "...", "the example shows the end of the output, after ...")
        let shown = Array(example.output.dropFirst())

        let result = try Example.run(arguments)
        let lines = result.lines(replacing: "127.0.0.1:\(broker.port)", with: shownTarget)
        Example.expectSameLines(Array(lines.suffix(shown.count)), shown, "the end of probe healthy")
        #expect(result.exitCode == example.exitCode)
    }
}

/// One README example: the command after `$ chaindoctor` (continued on lines ending in `\`), the lines it prints,
/// and its exit status, which the transcript's last line gives as `(exit code N)`.
struct Example {
    var arguments: [String]
    var output: [String]
    var exitCode: Int32

    static func named(_ name: String) throws -> Example {
        let readme = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let begin = try #require(
            lines.firstIndex { $0.hasPrefix("<!-- example \(name): begin") }, "README: no example \(name)")
        let end = try #require(
            lines[begin...].firstIndex(of: "<!-- example \(name): end -->"), "README: example \(name) has no end")
        var block = Array(lines[(begin + 1)..<end])
        try #require(block.first == "```" && block.last == "```", "README example \(name): not one ``` block")
        block = Array(block.dropFirst().dropLast())

        var command = try #require(
            block.first.flatMap { $0.hasPrefix("$ chaindoctor ") ? $0 : nil }, "example \(name): no $ chaindoctor")
        block.removeFirst()
        while command.hasSuffix("\\"), !block.isEmpty {
            command = String(command.dropLast()) + block.removeFirst()
        }
        let words = command.dropFirst(2).split(separator: " ").map(String.init)
        try #require(
            !words.joined().contains(where: { "\"'`$*?;|&<>\\".contains($0) }),
            "example \(name): the command must be plain words, run without a shell: \(command)")

        let popped = block.popLast()
        let last = try #require(popped, "example \(name): no output")
        let code = try #require(
            try Regex(#"\(exit code ([0-9]+)\)"#).wholeMatch(in: last)?.output[1].substring.flatMap { Int32($0) },
            "example \(name): the last line is not (exit code N): \(last)")
        return Example(arguments: Array(words.dropFirst()), output: block, exitCode: code)
    }

    /// A probe's arguments with its `127.0.0.1:PORT` target moved to `port`; and the target as the README shows it.
    func targeting(port: UInt16) throws -> (arguments: [String], shown: String) {
        try #require(arguments.count > 1 && arguments[0] == "probe", "not a probe: \(arguments)")
        let shown = arguments[1]
        try #require(try Regex(#"127\.0\.0\.1:[0-9]+"#).wholeMatch(in: shown) != nil, "target \(shown)")
        var moved = arguments
        moved[1] = "127.0.0.1:\(port)"
        return (moved, shown)
    }

    /// The lines of the Findings section: after the `Findings` heading, up to the blank line that ends it.
    static func findings(_ lines: [String]) -> [String]? {
        guard let heading = lines.firstIndex(of: "Findings") else { return nil }
        return Array(lines[(heading + 1)...].prefix { !$0.isEmpty })
    }

    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String

        /// stdout's lines, with `text` (a temporary path, a port) put back as the README shows it.
        func lines(replacing text: String, with shown: String) -> [String] {
            stdout.replacingOccurrences(of: text, with: shown).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init).dropLast(stdout.hasSuffix("\n") ? 1 : 0)
        }
    }

    /// Runs the built binary from the package root, where the README's relative paths lead.
    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try Harness.binary
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.packageRoot
        process.standardInput = FileHandle.nullDevice
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

    /// Records the first line where the two differ, and a difference in length, naming both.
    static func expectSameLines(
        _ actual: [String], _ expected: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if let index = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record(
                "\(what), line \(index + 1):\n  README: \(expected[index])\n  tool:   \(actual[index])",
                sourceLocation: sourceLocation)
        }
        if actual.count != expected.count {
            let printed = actual.joined(separator: "\n")
            Issue.record(
                "\(what): the tool prints \(actual.count) lines, the README shows \(expected.count); tool:\n\(printed)",
                sourceLocation: sourceLocation)
        }
    }
}
