import Foundation
import TestSupport
import Testing

/// `chaindoctor audit FILE`: several real brokers at once, one line each worst first, one exit code for all.
@Suite(.timeLimit(.minutes(10))) struct AuditTests {
    func brokersFile(_ lines: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "chaindoctor-audit-\(UUID().uuidString).txt"
        try (["# brokers to audit", ""] + lines).joined(separator: "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func worstOfManyBrokers() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let wrongOrder = try ServerProcess.mosquitto(scenario: "wrong-order")
        let refused = try RefusingPort()
        let file = try brokersFile([
            "127.0.0.1:\(healthy.port) broker.test", "127.0.0.1:\(leafOnly.port)\tbroker.test",
            "mqtts://127.0.0.1:\(wrongOrder.port) broker.test", "127.0.0.1:\(refused.port)",
        ])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path

        let text = try Harness.run(
            ["audit", file, "--cafile", cafile, "--timeout", "3", "--clients", "openssl"],
            environment: ["NO_COLOR": "1"])
        #expect(text.exitCode == 2, "a rejected broker outranks the unknown and the warning")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(text.stdout)")
        #expect(lines[0].hasPrefix("REJECTED 127.0.0.1:\(leafOnly.port)  missing_intermediate"))
        #expect(lines[1].hasPrefix("UNKNOWN  127.0.0.1:\(refused.port)"))
        #expect(lines[2].hasPrefix("WARNING  127.0.0.1:\(wrongOrder.port)  wrong_order"))
        #expect(lines[3].hasPrefix("OK       127.0.0.1:\(healthy.port)"))
        #expect(lines[4] == "4 brokers: 1 ok, 1 with warnings or errors, 1 rejected, 1 unknown")

        let json = try Harness.run([
            "audit", file, "--cafile", cafile, "--timeout", "3", "--json", "--concurrency", "2", "--clients", "openssl",
        ])
        #expect(json.exitCode == 2)
        #expect(json.json?["kind"] as? String == "audit")
        let summary = try #require(json.json?["summary"] as? [String: Any])
        #expect(summary["brokers"] as? Int == 4)
        #expect(summary["rejected"] as? Int == 1 && summary["unknown"] as? Int == 1 && summary["accepted"] as? Int == 1)
        let results = try #require(json.json?["results"] as? [[String: Any]])
        #expect(
            results.compactMap { ($0["target"] as? [String: Any])?["port"] as? Int }
                == [Int(healthy.port), Int(leafOnly.port), Int(wrongOrder.port), Int(refused.port)],
            "in the order listed")
    }

    /// `--format jsonl`: one probe document per line, for log pipelines; no progress line when standard error is
    /// not a terminal, and one when it is (run under `script`, which gives the audit a pseudo-terminal).
    @Test func jsonLinesAndTheProgressLine() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let refused = try RefusingPort()
        let file = try brokersFile([
            "127.0.0.1:\(healthy.port) broker.test", "127.0.0.1:\(leafOnly.port) broker.test",
            "127.0.0.1:\(refused.port)",
        ])
        defer { try? FileManager.default.removeItem(atPath: file) }
        let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path
        let arguments = ["audit", file, "--cafile", cafile, "--timeout", "3", "--clients", "openssl"]

        let run = try Harness.run(arguments + ["--format", "jsonl"])
        #expect(run.exitCode == 2, "the worst of the three: leaf-only is rejected")
        #expect(run.stderr.isEmpty, "no progress line off a terminal: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(run.stdout)")
        let documents = lines.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(documents.count == 3, "each line is one JSON document")
        #expect(documents.allSatisfy { $0["schemaVersion"] as? Int != nil && $0["kind"] as? String == "probe" })
        let statuses = documents.compactMap { ($0["verdict"] as? [String: Any])?["status"] as? String }
        #expect(statuses.sorted() == ["accepted", "rejected", "unknown"], "\(statuses)")

        let binary = try Harness.binary.path
        let command = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >/dev/null"
        let terminal = try Tools.run("script", ["-qfec", command, "/dev/null"])
        #expect(terminal.1.contains("audit: 3/3 brokers, 2 failed"), "\(terminal.1)")
        #expect(terminal.1.contains("\u{1B}[K"), "the line is erased at the end")
    }

    @Test func allHealthyIsZeroAndABadLineIsNamed() throws {
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path
        let good = try brokersFile(["127.0.0.1:\(healthy.port) broker.test", "127.0.0.1:\(healthy.port)"])
        defer { try? FileManager.default.removeItem(atPath: good) }
        // Dialled by address, so without mbedTLS (which matches no iPAddress SAN).
        #expect(try Harness.run(["audit", good, "--cafile", cafile, "--clients", "openssl,go,java"]).exitCode == 0)

        let bad = try brokersFile(["127.0.0.1:\(healthy.port)", "host:notaport extra words"])
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let result = try Harness.run(["audit", bad, "--cafile", cafile])
        #expect(result.exitCode == 3)
        #expect(result.stderr.contains("\(bad):4:"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// --concurrency is what is in flight: 128 entries against a port that accepts and holds every connection
    /// (never answering the ClientHello) are all connected at once, and the audit ends within about one timeout.
    @Test func concurrencyIsReallyReached() throws {
        let tarpit = try ServerProcess.start(executable: try Tools.require("python3")) { port in
            [
                "-u", "-c",
                """
                import socket
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", \(port))); s.listen(512)
                held = []
                while True:
                    c, _ = s.accept()
                    held = [h for h in held if h.fileno() >= 0]
                    held.append(c)
                    print("open", len(held), flush=True)
                """,
            ]
        }
        let file = try brokersFile(Array(repeating: "127.0.0.1:\(tarpit.port)", count: 128))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let started = Date()
        let result = try Harness.run([
            "audit", file, "--timeout", "3", "--concurrency", "128", "--quick", "--no-mqtt",
            "--cafile", Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path,
        ])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.exitCode == 3, "every entry unknown: \(result.stdout.suffix(200))")
        let counts = tarpit.log.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect((counts.max() ?? 0) >= 128, "at most \(counts.max() ?? 0) connections at once")
        #expect(seconds < 8, "128 silent brokers at concurrency 128 with --timeout 3 took \(seconds) s")
    }
}
