import Crypto
import Foundation
import TestSupport
import Testing

/// The fleet set-up of the README, run for real: Prometheus (Debian's) with Man/prometheus-sharded.yml scrapes
/// two `chaindoctor exporter` instances that share six TestChains brokers by hashmod; its API then says what it
/// stored. Each broker is probed by exactly one exporter, the one its md5 shard names, and each broker's values
/// are its scenario's.
@Suite(.timeLimit(.minutes(10))) struct ExporterFleetTests {
    /// Prometheus's hashmod: the last 8 bytes of md5(value), big-endian, modulo the modulus.
    static func shard(_ value: String, modulus: UInt64) -> UInt64 {
        let digest = Array(Insecure.MD5.hash(data: Data(value.utf8)))
        return digest.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % modulus
    }

    @Test func twoShardedExportersBehindARealPrometheus() throws {
        // Six scenarios under the healthy scenario's CA; OpenSSL clients accept the first two (it reorders a
        // wrong-order chain), and reject the others.
        let scenarios = [
            "healthy", "wrong-order", "leaf-only", "expired-leaf", "hostname-mismatch", "self-signed-leaf",
        ]
        let brokers = try scenarios.map { try ServerProcess.mosquitto(scenario: $0) }
        let caFile = TestPaths.scenarioFile("healthy", "client-ca.crt")
        let exporters = try (0..<2).map { _ in
            try ServerProcess.start(executable: try Harness.binary.path) { port in
                ["exporter", "--listen", "127.0.0.1:\(port)", "--cafile", caFile, "--clients", "openssl", "--quick"]
            }
        }
        let scratch = try TemporaryDirectory("fleet")
        let targets = brokers.map { "127.0.0.1:\($0.port)" }
        let groups: [[String: Any]] = [["targets": targets, "labels": ["__param_servername": "broker.test"]]]
        let brokersFile = scratch.file("brokers.json")
        try JSONSerialization.data(withJSONObject: groups).write(to: URL(fileURLWithPath: brokersFile))

        // The committed configuration, with this run's addresses and a faster schedule.
        var config = try String(
            contentsOf: TestPaths.packageRoot.appendingPathComponent("Man/prometheus-sharded.yml"), encoding: .utf8)
        for (index, exporter) in exporters.enumerated() {
            config = config.replacingOccurrences(
                of: "exporter-\(index).example.com:9883", with: "127.0.0.1:\(exporter.port)")
        }
        config = config.replacingOccurrences(of: "[brokers.json]", with: "[\"\(brokersFile)\"]")
            .replacingOccurrences(of: "scrape_interval: 60s", with: "scrape_interval: 1s")
            .replacingOccurrences(of: "scrape_timeout: 15s", with: "scrape_timeout: 1s")
        let prometheus = try PrometheusServer(config: config)

        let success = try prometheus.waitFor("chaindoctor_probe_success") { $0.count == scenarios.count }
        var seen: [String: Int] = [:]
        for sample in success {
            let instance = try #require(sample.labels["instance"])
            seen[instance, default: 0] += 1
            let shard = Self.shard(instance, modulus: 2)
            #expect(
                sample.labels["job"] == "chaindoctor-shard-\(shard)", "\(instance) is shard \(shard): \(sample.labels)")
        }
        #expect(Set(seen.keys) == Set(targets) && seen.values.allSatisfy { $0 == 1 }, "each target once: \(seen)")

        let accepted: Set<String> = ["healthy", "wrong-order"]
        for (scenario, target) in zip(scenarios, targets) {
            let value = success.first { $0.labels["instance"] == target }?.value
            #expect(
                value == (accepted.contains(scenario) ? 1 : 0), "\(scenario) at \(target): \(String(describing: value))"
            )
        }
        let leafOnly = targets[2]
        let finding = try prometheus.query(
            "chaindoctor_finding{instance=\"\(leafOnly)\",id=\"missing_intermediate\"}")
        #expect(finding.count == 1 && finding.first?.value == 1, "\(finding.map(\.labels))")

        // The healthy broker's leaf: notAfter 2099-12-31T23:59:59Z, as the certificate says.
        let notAfter = try prometheus.query(
            "chaindoctor_certificate_not_after_timestamp_seconds{instance=\"\(targets[0])\",index=\"0\"}")
        #expect(notAfter.first?.value == 4_102_444_799, "\(notAfter.map { "\($0.labels) \($0.value)" })")
        #expect(notAfter.first?.labels["subject_cn"] == "broker.test")

        // And the exporters' own metrics, scraped as a job of their own.
        let probes = try prometheus.waitFor("sum(chaindoctor_exporter_probes_total)") {
            ($0.first?.value ?? 0) >= Double(scenarios.count)
        }
        #expect(probes.count == 1)
    }
}
