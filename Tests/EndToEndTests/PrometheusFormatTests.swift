import Foundation
import TestSupport
import Testing

/// `--format prometheus` for check, probe and audit, read by Prometheus's own `promtool check metrics`, and the
/// shipped alerting rules read by `promtool check rules`.
@Suite(.timeLimit(.minutes(10))) struct PrometheusFormatTests {
    /// promtool's verdict on an exposition: its exit status and what it printed (problems and lint).
    func promtool(_ exposition: String) throws -> (Int32, String) {
        try Tools.run("promtool", ["check", "metrics"], input: Data(exposition.utf8))
    }

    /// Samples of one metric family, as "labels value" lines.
    func samples(_ exposition: String, _ name: String) -> [String] {
        exposition.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ")
        }
    }

    @Test func checkOfALeafOnlyCertfile() throws {
        let result = try Harness.run([
            "check", TestPaths.scenarioFile("leaf-only", "broker.crt"), "--cafile",
            TestPaths.scenarioFile("leaf-only", "client-ca.crt"), "--hostname", "broker.test", "--format", "prometheus",
            "--at", ChainScenarioCase.at,
        ])
        #expect(result.exitCode == 2)
        let (status, lint) = try promtool(result.stdout)
        #expect(status == 0 && lint.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(lint)")
        #expect(samples(result.stdout, "chaindoctor_probe_success").first?.hasSuffix(" 0") == true)
        #expect(
            samples(result.stdout, "chaindoctor_finding").contains {
                $0.contains("id=\"missing_intermediate\"") && $0.contains("severity=\"critical\"")
            })
        let notAfter = try #require(samples(result.stdout, "chaindoctor_certificate_not_after_timestamp_seconds").first)
        #expect(notAfter.contains("subject_cn=\"broker.test\"") && notAfter.contains("serial=\""), "\(notAfter)")
        #expect(notAfter.hasSuffix(" 4102444799"), "2099-12-31T23:59:59Z")
    }

    @Test func probeOfAHealthyBroker() throws {
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        let result = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile("healthy", "client-ca.crt"), "--format", "prometheus", "--clients", "openssl",
        ])
        #expect(result.exitCode == 0, "\(result.stdout.prefix(600))")
        let (status, lint) = try promtool(result.stdout)
        #expect(status == 0 && lint.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(lint)")
        #expect(samples(result.stdout, "chaindoctor_probe_success").first?.hasSuffix(" 1") == true)
        #expect(samples(result.stdout, "chaindoctor_mqtt_connack_code").first?.hasSuffix(" 0") == true)
        #expect(
            samples(result.stdout, "chaindoctor_tls_version_accepted").contains {
                $0.contains("TLSv1.3") && $0.hasSuffix(" 1")
            })
        #expect(samples(result.stdout, "chaindoctor_phase_duration_seconds").count >= 4)
        #expect(samples(result.stdout, "chaindoctor_certificate_verified_not_after_timestamp_seconds").count == 3)
    }

    /// A probe that could not run still writes its metrics (probe_success 0, exit code 3): that is when they matter.
    @Test func aProbeThatCouldNotRunStillWritesItsMetrics() throws {
        let refused = try RefusingPort()
        let result = try Harness.run([
            "probe", "127.0.0.1:\(refused.port)", "--format", "prometheus", "--timeout", "2",
        ])
        #expect(result.exitCode == 3)
        #expect(try promtool(result.stdout).0 == 0)
        #expect(samples(result.stdout, "chaindoctor_probe_success").first?.hasSuffix(" 0") == true)
        #expect(samples(result.stdout, "chaindoctor_exit_code").first?.hasSuffix(" 3") == true)
    }

    /// An audit: one HELP and TYPE per family, a target label per broker.
    @Test func auditOfTwoBrokers() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let directory = try TemporaryDirectory("prometheus-audit")
        let file = directory.file("brokers.txt")
        try "127.0.0.1:\(healthy.port) broker.test\n127.0.0.1:\(leafOnly.port) broker.test\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "audit", file, "--cafile", TestPaths.scenarioFile("healthy", "client-ca.crt"), "--format", "prometheus",
            "--clients", "openssl", "--quick",
        ])
        #expect(result.exitCode == 2)
        let (status, lint) = try promtool(result.stdout)
        #expect(status == 0 && lint.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(lint)")
        #expect(result.stdout.components(separatedBy: "# TYPE chaindoctor_probe_success gauge").count == 2)
        #expect(samples(result.stdout, "chaindoctor_probe_success").count == 2)
        #expect(samples(result.stdout, "chaindoctor_audit_targets").first?.hasSuffix(" 2") == true)
    }

    @Test func theShippedAlertingRulesLoad() throws {
        let rules = TestPaths.packageRoot.appendingPathComponent("Man/chaindoctor.rules.yml").path
        let (status, output) = try Tools.run("promtool", ["check", "rules", rules])
        #expect(status == 0 && output.contains("SUCCESS: 5 rules found"), "\(output)")
    }
}
