import Foundation
import TestSupport
import Testing

/// `--format` chooses the renderer; `--json` is kept as its alias, and the two cannot contradict each other.
@Suite(.timeLimit(.minutes(10))) struct OutputFormatTests {
    func check(_ extra: [String]) throws -> Harness.Result {
        try Harness.run(
            [
                "check", TestPaths.scenarioFile("wrong-order", "broker.crt"), "--cafile",
                TestPaths.scenarioFile("wrong-order", "client-ca.crt"), "--hostname", "broker.test", "--at",
                ChainScenarioCase.at, "--clients", "openssl",
            ] + extra)
    }

    /// The document without the run's own timestamps.
    func stable(_ result: Harness.Result) throws -> NSDictionary {
        var json = try #require(result.json, "not JSON: \(result.stdout.prefix(200))")
        json["startedAt"] = nil
        json["finishedAt"] = nil
        return json as NSDictionary
    }

    @Test func formatJSONIsTheJSONAlias() throws {
        let format = try check(["--format", "json"])
        let alias = try check(["--json"])
        #expect(format.exitCode == 1 && alias.exitCode == 1)
        #expect(try stable(format) == stable(alias))
        #expect(format.findingIDs == ["wrong_order"])
    }

    @Test func formatTextIsTheDefault() throws {
        let text = try check(["--format", "text"])
        #expect(text.exitCode == 1)
        #expect(text.stdout.hasPrefix("WARNING: clients accept certfile "))
        #expect(text.stdout == (try check([])).stdout)
    }

    @Test func contradictionsAndUnknownFormatsAreUsageErrors() throws {
        let both = try check(["--json", "--format", "text"])
        #expect(both.exitCode == 3)
        #expect(both.stdout.isEmpty)
        #expect(both.stderr.split(separator: "\n").count == 1, "one line: \(both.stderr)")
        #expect(both.stderr.contains("--json and --format text contradict each other"))
        let unknown = try check(["--format", "yaml"])
        #expect(unknown.exitCode == 3)
        #expect(unknown.stderr.split(separator: "\n").count == 1, "one line: \(unknown.stderr)")
        // The line names the formats there are, which the parser puts on lines of their own.
        #expect(
            unknown.stderr.contains("Please provide one of the following: text, json, jsonl, prometheus, nagios, html"),
            "\(unknown.stderr)")
    }

    /// Colour only on a terminal (script(1) gives the run one), and never when NO_COLOR is set to a value
    /// (no-color.org: an empty value does not count).
    @Test func colourOnlyOnATerminalAndNotWithNOCOLOR() throws {
        let command =
            try [
                Harness.binary.path, "check", TestPaths.scenarioFile("healthy", "broker.crt"), "--cafile",
                TestPaths.scenarioFile("healthy", "client-ca.crt"), "--hostname", "broker.test",
            ].map { "'\($0)'" }.joined(separator: " ")
        for (setting, coloured) in [("-u NO_COLOR ", true), ("NO_COLOR= ", true), ("NO_COLOR=1 ", false)] {
            let terminal = try Tools.run("script", ["-qfec", "env \(setting)\(command)", "/dev/null"])
            #expect(terminal.0 == 0, "\(setting): \(terminal.1)")
            #expect(terminal.1.contains("OK:"), "\(terminal.1)")
            #expect(terminal.1.contains("\u{1B}[") == coloured, "\(setting): \(terminal.1)")
        }
        #expect(try !check([]).stdout.contains("\u{1B}["), "no colour into a pipe")
    }
}
