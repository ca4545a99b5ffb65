import Foundation
import TestSupport
import Testing

/// `--format nagios` run by a real Nagios Core 4 (Debian's nagios4-core) as a service's check command, in the
/// foreground with its own configuration in a temporary directory (Tests/Monitoring/run-nagios-check.sh): the
/// state, status line, long output and performance data Nagios stored in status.dat are what chaindoctor printed
/// and exited with.
@Suite(.timeLimit(.minutes(10))) struct NagiosCoreTests {
    static let script = TestPaths.packageRoot.appendingPathComponent("Tests/Monitoring/run-nagios-check.sh").path

    /// What Nagios recorded for one run of `arguments` (the binary and its arguments) as its check command.
    static func throughNagios(_ arguments: [String]) throws -> [String: String] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nagios4") else {
            throw TestSupportError(
                "Nagios Core is not installed (/usr/sbin/nagios4): Debian's nagios4-core provides it; run the "
                    + "README's test command (bash .ci/test), which installs it")
        }
        let (status, output) = try Tools.run("bash", [script] + arguments, watchdog: 60)
        guard status == 0 else { throw TestSupportError("run-nagios-check.sh: \(status) \(output.suffix(600))") }
        var fields: [String: String] = [:]
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            for key in ["current_state", "plugin_output", "long_plugin_output", "performance_data"]
            where line.hasPrefix(key + "=") {
                fields[key] = String(line.dropFirst(key.count + 1))
            }
        }
        return fields
    }

    /// Nagios's reading of plugin output: the first line's text before '|', its perfdata after, the other lines
    /// as long output (status.dat writes their newlines as \n).
    static func expected(_ stdout: String) -> (output: String, long: String, perfdata: String) {
        let lines = stdout.split(separator: "\n").map(String.init)
        let first = lines.first ?? ""
        let parts = first.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let long = lines.dropFirst().map { $0.replacingOccurrences(of: "\\", with: "\\\\") }.joined(separator: "\\n")
        return (parts.first ?? "", long, parts.count > 1 ? parts[1] : "")
    }

    func expectSame(
        _ direct: Harness.Result, _ nagios: [String: String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = Self.expected(direct.stdout)
        #expect(nagios["current_state"] == String(direct.exitCode), "\(nagios)", sourceLocation: sourceLocation)
        #expect(nagios["plugin_output"] == expected.output, "\(nagios)", sourceLocation: sourceLocation)
        #expect(nagios["performance_data"] == expected.perfdata, "\(nagios)", sourceLocation: sourceLocation)
        #expect(nagios["long_plugin_output"] == expected.long, "\(nagios)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["healthy", "expiring-soon", "leaf-only"])
    func checkRunByNagiosCore(scenario: String) throws {
        let arguments = [
            "check", TestPaths.scenarioFile(scenario, "broker.crt"), "--cafile",
            TestPaths.scenarioFile(scenario, "client-ca.crt"), "--hostname", "broker.test", "--format", "nagios",
            "--clients", "openssl", "--at", ChainScenarioCase.at,
        ]
        let direct = try Harness.run(arguments)
        let nagios = try Self.throughNagios([try Harness.binary.path] + arguments)
        expectSame(direct, nagios)
        #expect(nagios["current_state"] == (scenario == "healthy" ? "0" : "2") || scenario == "expiring-soon")
    }

    @Test func probeOfALeafOnlyMosquittoRunByNagiosCore() throws {
        let broker = try ServerProcess.mosquitto(scenario: "leaf-only")
        let arguments = [
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile("leaf-only", "client-ca.crt"), "--format", "nagios", "--clients", "openssl",
            "--quick",
        ]
        let nagios = try Self.throughNagios([try Harness.binary.path] + arguments)
        #expect(nagios["current_state"] == "2", "\(nagios)")
        #expect(
            nagios["plugin_output"]?.hasPrefix("CHAINDOCTOR CRITICAL - missing_intermediate: ") == true, "\(nagios)")
        #expect(nagios["performance_data"]?.contains("days_left_cert0=") == true, "\(nagios)")
        #expect(nagios["long_plugin_output"]?.contains("fix: ") == true, "\(nagios)")
    }
}
