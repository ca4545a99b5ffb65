import Dispatch
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// `chaindoctor exporter` as Prometheus uses it: /probe against real mosquitto brokers, read by promtool; its own
/// /metrics; modules from a YAML file; and an exporter that keeps serving through bad requests, slowloris
/// clients, 200 concurrent scrapes and a tarpit target.
@Suite(.timeLimit(.minutes(10))) struct ExporterTests {
    static let caFile = TestPaths.scenarioFile("healthy", "client-ca.crt")

    /// The exporter on a free loopback port.
    static func exporter(_ arguments: [String]) throws -> ServerProcess {
        try ServerProcess.start(executable: try Harness.binary.path) { port in
            ["exporter", "--listen", "127.0.0.1:\(port)"] + arguments
        }
    }

    static func samples(_ exposition: String, _ name: String) -> [String] {
        exposition.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ")
        }
    }

    static func promtoolClean(_ exposition: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (status, lint) = try Tools.run("promtool", ["check", "metrics"], input: Data(exposition.utf8))
        #expect(
            status == 0 && lint.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(lint)",
            sourceLocation: sourceLocation)
    }

    @Test func probesAHealthyAndALeafOnlyBroker() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let exporter = try Self.exporter(["--cafile", Self.caFile, "--clients", "openssl"])

        let ok = try HTTPGet.get(port: exporter.port, "/probe?target=127.0.0.1:\(healthy.port)&servername=broker.test")
        #expect(ok.status == 200, "\(ok.body)")
        #expect(ok.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        try Self.promtoolClean(ok.body)
        #expect(Self.samples(ok.body, "chaindoctor_probe_success").first?.hasSuffix(" 1") == true, "\(ok.body)")
        #expect(Self.samples(ok.body, "chaindoctor_mqtt_connack_code").first?.hasSuffix(" 0") == true)
        #expect(Self.samples(ok.body, "chaindoctor_probe_duration_seconds").count == 1)

        let bad = try HTTPGet.get(
            port: exporter.port, "/probe?target=127.0.0.1:\(leafOnly.port)&servername=broker.test&module=default")
        #expect(bad.status == 200, "the scrape succeeds; the probe's failure is in the metrics")
        try Self.promtoolClean(bad.body)
        #expect(Self.samples(bad.body, "chaindoctor_probe_success").first?.hasSuffix(" 0") == true)
        #expect(
            Self.samples(bad.body, "chaindoctor_finding").contains { $0.contains("id=\"missing_intermediate\"") },
            "\(bad.body)")

        let metrics = try HTTPGet.get(port: exporter.port, "/metrics")
        #expect(metrics.status == 200)
        try Self.promtoolClean(metrics.body)
        let probes = Self.samples(metrics.body, "chaindoctor_exporter_probes_total")
        #expect(
            probes.contains("chaindoctor_exporter_probes_total{module=\"default\",result=\"success\"} 1"), "\(probes)")
        #expect(
            probes.contains("chaindoctor_exporter_probes_total{module=\"default\",result=\"failure\"} 1"), "\(probes)")
        #expect(
            Self.samples(metrics.body, "chaindoctor_exporter_probe_duration_seconds_count").first?.hasSuffix(" 2")
                == true)
    }

    @Test func badRequestsGetA400WithOneLineAndTheExporterKeepsServing() throws {
        let exporter = try Self.exporter(["--cafile", Self.caFile])
        let cases: [(String, String)] = [
            ("/probe", "missing target"),
            ("/probe?target=", "missing target"),
            ("/probe?target=127.0.0.1:8883&module=nope", "unknown module 'nope'"),
            ("/probe?target=http://broker.test:80", "is not HOST"),
            ("/probe?target=mqtts://broker.test:8883/some/path", "is not HOST"),
            ("/probe?target=broker.test:99999", "is not HOST"),
            ("/probe?target=broker.test&cafile=/etc/passwd", "unknown parameter 'cafile'"),
            ("/probe?target=broker.test&password-file=/etc/shadow", "unknown parameter"),
            ("/probe?target=a&target=b", "given twice"),
            ("/probe?target=%zz", "percent-encoding"),
            ("/probe?target=" + String(repeating: "a", count: 10_000), "request head over"),
        ]
        for (path, words) in cases {
            let response = try HTTPGet.get(port: exporter.port, path)
            #expect(response.status == 400, "\(path.prefix(60)): \(response.status) \(response.body)")
            #expect(response.body.hasSuffix("\n") && response.body.dropLast().split(separator: "\n").count == 1)
            #expect(response.body.contains(words), "\(path.prefix(60)): \(response.body)")
            #expect(try HTTPGet.get(port: exporter.port, "/-/healthy").status == 200)
        }
        #expect(try HTTPGet.get(port: exporter.port, "/nowhere").status == 404)
        let post = try HTTPGet.raw(port: exporter.port, Array("POST /probe HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(post.status == 405)
        let garbage = try HTTPGet.raw(port: exporter.port, Array("\u{16}\u{03}\u{01}junk\r\n\r\n".utf8))
        #expect(garbage.status == 400)
        #expect(exporter.process.isRunning)
    }

    /// 50 slowloris connections, 200 concurrent scrapes and a tarpit target at once: every scrape is answered,
    /// the tarpit within Prometheus's scrape timeout, the slow clients are cut off, and the exporter lives on.
    @Test func slowlorisConcurrentScrapesAndATarpit() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let tarpit = try SilentListener()
        let exporter = try Self.exporter([
            "--cafile", Self.caFile, "--clients", "openssl", "--quick", "--max-concurrent-probes", "32",
        ])
        var slow: [Int32] = []
        for _ in 0..<50 {
            let fd = try HTTPGet.connect(port: exporter.port)
            try HTTPGet.send(fd, Array("GET /probe?target=127.0.0.1:".utf8))
            slow.append(fd)
        }
        defer { slow.forEach { close($0) } }

        let statuses = Mutex<[Int]>([])
        let done = DispatchGroup()
        let (exporterPort, healthyPort) = (exporter.port, healthy.port)
        for _ in 0..<200 {
            done.enter()
            Thread {
                let status =
                    (try? HTTPGet.get(
                        port: exporterPort, "/probe?target=127.0.0.1:\(healthyPort)&servername=broker.test",
                        headers: ["X-Prometheus-Scrape-Timeout-Seconds": "30"], seconds: 60))?.status ?? -1
                statuses.withLock { $0.append(status) }
                done.leave()
            }.start()
        }
        let started = Date()
        let tarpitScrape = try HTTPGet.get(
            port: exporter.port, "/probe?target=127.0.0.1:\(tarpit.port)&servername=broker.test",
            headers: ["X-Prometheus-Scrape-Timeout-Seconds": "3"], seconds: 30)
        let tarpitSeconds = Date().timeIntervalSince(started)
        #expect(done.wait(timeout: .now() + 120) == .success, "200 scrapes answered")
        let counted = statuses.withLock { $0 }
        #expect(
            counted.count == 200 && counted.allSatisfy { $0 == 200 },
            "\(Dictionary(grouping: counted) { $0 }.mapValues(\.count))")
        #expect(tarpitScrape.status == 200, "\(tarpitScrape.body)")
        #expect(Self.samples(tarpitScrape.body, "chaindoctor_probe_success").first?.hasSuffix(" 0") == true)
        #expect(tarpitSeconds < 3.5, "the scrape timeout less 0.5 s bounds the probe: \(tarpitSeconds) s")

        for fd in slow {
            let answer = String(decoding: (try? HTTPGet.readToClose(fd, seconds: 15)) ?? [], as: UTF8.self)
            #expect(answer.hasPrefix("HTTP/1.1 408"), "a slow client is cut off: \(answer.prefix(80))")
        }
        #expect(exporter.process.isRunning)
        let metrics = try HTTPGet.get(port: exporter.port, "/metrics")
        #expect(Self.samples(metrics.body, "chaindoctor_exporter_probes_in_flight").first?.hasSuffix(" 0") == true)
    }

    @Test func modulesFromAConfigFile() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let scratch = try TemporaryDirectory("exporter-config")
        let config = scratch.file("chaindoctor.yml")
        try """
        # Two modules: the fleet's clients, and a strict expiry window.
        modules:
          devices:
            cafile: \(Self.caFile)
            clients: [openssl, mbedtls]
            quick: true
          long-window:
            cafile: "\(Self.caFile)"
            warn-days: 30000
            crit-days: 7
            clients: openssl
            mqtt-version: 5
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let exporter = try Self.exporter(["--config", config])
        let target = "target=127.0.0.1:\(healthy.port)&servername=broker.test"

        let devices = try HTTPGet.get(port: exporter.port, "/probe?\(target)&module=devices")
        #expect(devices.status == 200)
        let families = Self.samples(devices.body, "chaindoctor_client_accepts")
        #expect(families.contains { $0.contains("family=\"mbedtls\"") }, "\(families)")
        #expect(Self.samples(devices.body, "chaindoctor_tls_version_accepted").count <= 1, "quick: no survey")

        let window = try HTTPGet.get(port: exporter.port, "/probe?\(target)&module=long-window")
        #expect(
            Self.samples(window.body, "chaindoctor_finding").contains { $0.contains("severity=\"warning\"") },
            "the leaf expires within 30,000 days: \(Self.samples(window.body, "chaindoctor_finding"))")
        #expect(Self.samples(window.body, "chaindoctor_probe_success").first?.hasSuffix(" 1") == true)

        // The command line's options are the module "default".
        let plain = try HTTPGet.get(port: exporter.port, "/probe?\(target)")
        #expect(
            Self.samples(plain.body, "chaindoctor_probe_success").first?.hasSuffix(" 0") == true,
            "default: the system store, which does not hold the test CA")
    }

    @Test func aMisspeltModuleOptionStopsTheExporterAtStart() throws {
        let scratch = try TemporaryDirectory("exporter-bad-config")
        let config = scratch.file("bad.yml")
        try "modules:\n  fleet:\n    cafle: /etc/ssl/ca.crt\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Harness.run(["exporter", "--listen", "127.0.0.1:0", "--config", config])
        #expect(result.exitCode == 3)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("module 'fleet'") && result.stderr.contains("cafle"), "\(result.stderr)")

        // A value that starts with '-' is the option's value, judged as the command line judges it.
        try "modules:\n  fleet:\n    timeout: -1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let negative = try Harness.run(["exporter", "--listen", "127.0.0.1:0", "--config", config])
        #expect(negative.exitCode == 3 && negative.stderr.contains("--timeout must be between"), "\(negative.stderr)")

        try "modules: [a, b]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let notModules = try Harness.run(["exporter", "--listen", "127.0.0.1:0", "--config", config])
        #expect(notModules.exitCode == 3 && notModules.stderr.contains("modules:"), "\(notModules.stderr)")
    }
}
