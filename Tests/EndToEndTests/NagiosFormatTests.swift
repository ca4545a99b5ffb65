import Foundation
import TestSupport
import Testing

/// `--format nagios`, read as the Monitoring Plugins Development Guidelines define plugin output: the first line
/// `CHAINDOCTOR <STATE> - text | perfdata`, the state matching the exit code, each perfdata item
/// `'label'=value[UOM];[warn];[crit];[min];[max]` with a unit the guidelines know, no `|` in the text. (No Nagios or
/// Icinga process runs in these tests; this parser stands in for one.)
@Suite(.timeLimit(.minutes(10))) struct NagiosFormatTests {
    static let states: [Int32: String] = [0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"]
    static func isPerfdataItem(_ item: String) -> Bool {
        (try? Regex(#"^'?[^'=\s]+'?=-?[0-9]+(\.[0-9]+)?(s|ms|us|%|B|KB|MB|TB|c)?(;[0-9.:~@-]*){0,4}$"#))
            .map { item.wholeMatch(of: $0) != nil } ?? false
    }

    /// The status line's parts, after checking them against the guidelines.
    func parse(
        _ result: Harness.Result, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (
        state: String, text: String, perfdata: [String]
    ) {
        let first = try #require(
            result.stdout.split(separator: "\n").first.map(String.init), sourceLocation: sourceLocation)
        let parts = first.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let head = parts[0]
        let state = try #require(Self.states[result.exitCode], sourceLocation: sourceLocation)
        #expect(head.hasPrefix("CHAINDOCTOR \(state) - "), "\(first)", sourceLocation: sourceLocation)
        let perfdata = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
        for item in perfdata {
            #expect(Self.isPerfdataItem(item), "perfdata '\(item)'", sourceLocation: sourceLocation)
        }
        for line in result.stdout.split(separator: "\n").dropFirst() {
            #expect(!line.contains("|"), "a | in long output starts perfdata: \(line)", sourceLocation: sourceLocation)
        }
        return (state, String(head.dropFirst("CHAINDOCTOR \(state) - ".count)), perfdata)
    }

    @Test func leafOnlyIsCriticalWithItsFindingAndDaysLeft() throws {
        let result = try Harness.run([
            "check", TestPaths.scenarioFile("leaf-only", "broker.crt"), "--cafile",
            TestPaths.scenarioFile("leaf-only", "client-ca.crt"), "--hostname", "broker.test", "--format", "nagios",
            "--at", ChainScenarioCase.at, "--warn-days", "40", "--crit-days", "10",
        ])
        #expect(result.exitCode == 2)
        let (state, text, perfdata) = try parse(result)
        #expect(state == "CRITICAL" && text.hasPrefix("missing_intermediate: "), "\(text)")
        #expect(perfdata.contains { $0.hasPrefix("days_left_cert0=") && $0.hasSuffix(";40:;10:;;") }, "\(perfdata)")
        #expect(result.stdout.contains("\n  fix: "))
    }

    @Test func aHealthyProbeIsOKWithTimings() throws {
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        let result = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile("healthy", "client-ca.crt"), "--format", "nagios", "--clients", "openssl",
        ])
        let (state, _, perfdata) = try parse(result)
        #expect(state == "OK")
        #expect(perfdata.contains { $0.hasPrefix("tls_time=") && $0.contains("s;") }, "\(perfdata)")
        #expect(perfdata.contains { $0.hasPrefix("mqtt_time=") }, "\(perfdata)")
    }

    @Test func anUnreachableBrokerIsUnknown() throws {
        let refused = try RefusingPort()
        let result = try Harness.run(["probe", "127.0.0.1:\(refused.port)", "--format", "nagios", "--timeout", "2"])
        #expect(result.exitCode == 3)
        #expect(try parse(result).state == "UNKNOWN")
    }

    @Test func anAuditIsOneStatusLineAndABrokerPerLine() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let directory = try TemporaryDirectory("nagios-audit")
        let file = directory.file("brokers.txt")
        let refused = try RefusingPort()
        try "127.0.0.1:\(healthy.port) broker.test\n127.0.0.1:\(refused.port)\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "audit", file, "--cafile", TestPaths.scenarioFile("healthy", "client-ca.crt"), "--format", "nagios",
            "--clients", "openssl", "--quick", "--timeout", "2",
        ])
        let (state, text, perfdata) = try parse(result)
        #expect(state == "UNKNOWN" && text.hasPrefix("2 brokers: 1 ok"), "\(text)")
        #expect(perfdata.contains("ok=1;;;0;") && perfdata.contains("unknown=1;;;0;"), "\(perfdata)")
        #expect(result.stdout.split(separator: "\n").count == 3)
    }
}
