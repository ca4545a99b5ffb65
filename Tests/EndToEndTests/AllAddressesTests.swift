import Foundation
import Glibc
import TestSupport
import Testing

/// `--all-addresses`: one name, three loopback nodes (127.0.0.2 to .4, through nss_wrapper's hosts file, so that
/// /etc/hosts stays untouched), one of them still serving the leaf alone. Each node is probed with the same SNI,
/// and the odd one is named.
@Suite(.timeLimit(.minutes(10))) struct AllAddressesTests {
    /// mosquitto serving `scenario` on `address`:`port`.
    static func node(_ scenario: String, address: String, port: UInt16) throws -> ServerProcess {
        let template = try String(contentsOfFile: TestPaths.scenarioFile(scenario, "mosquitto.conf"), encoding: .utf8)
        let config = NSTemporaryDirectory() + "chaindoctor-node-\(address)-\(port).conf"
        try template.replacingOccurrences(of: "listener @PORT@ 127.0.0.1", with: "listener \(port) \(address)")
            .replacingOccurrences(of: "@DIR@", with: TestPaths.testChains.appendingPathComponent(scenario).path)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess(
            executable: try Tools.require("mosquitto"), arguments: ["-c", config], port: port, waitForListener: false)
        server.temporaryFiles.append(config)
        do {
            try Loopback.waitForListener(port: port, process: server.process, host: address)
        } catch {
            throw TestSupportError("mosquitto on \(address):\(port): \(error); its log: \(server.log.suffix(400))")
        }
        return server
    }

    @Test func theNodeServingTheLeafAloneIsNamed() throws {
        let port = try Loopback.freePort()
        let nodes = [
            try Self.node("healthy", address: "127.0.0.2", port: port),
            try Self.node("healthy", address: "127.0.0.3", port: port),
            try Self.node("leaf-only", address: "127.0.0.4", port: port),
        ]
        #expect(nodes.allSatisfy { $0.process.isRunning })
        let scratch = try TemporaryDirectory("all-addresses")
        var environment = try NSSWrapper.environment(
            resolving: ["127.0.0.2", "127.0.0.3", "127.0.0.4"].map { ($0, "broker.test") }, in: scratch)
        environment["NO_COLOR"] = "1"
        let arguments = [
            "probe", "broker.test:\(port)", "--cafile", TestPaths.scenarioFile("healthy", "client-ca.crt"),
            "--all-addresses", "--clients", "openssl", "--quick",
        ]

        let json = try Harness.run(arguments + ["--json"], environment: environment)
        #expect(json.exitCode == 2, "the leaf-only node is rejected: \(json.stderr)")
        let document = try #require(json.json, "\(json.stdout.prefix(400)) \(json.stderr)")
        #expect(document["kind"] as? String == "audit")
        let results = try #require(document["results"] as? [[String: Any]])
        #expect(results.count == 3, "one probe per address")
        let addresses = results.compactMap { ($0["target"] as? [String: Any])?["host"] as? String }
        #expect(Set(addresses) == ["127.0.0.2", "127.0.0.3", "127.0.0.4"], "\(addresses)")
        #expect(
            results.allSatisfy { ($0["target"] as? [String: Any])?["serverName"] as? String == "broker.test" },
            "each node gets the name's SNI")
        for result in results {
            let host = (result["target"] as? [String: Any])?["host"] as? String
            let ids = (result["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            if host == "127.0.0.4" {
                #expect(ids.contains("nodes_disagree") && ids.contains("missing_intermediate"), "\(ids)")
                let disagreement = (result["findings"] as? [[String: Any]])?.first {
                    $0["id"] as? String == "nodes_disagree"
                }
                let message = disagreement?["message"] as? String ?? ""
                #expect(message.contains("127.0.0.4") && message.contains("127.0.0.2, 127.0.0.3"), "\(message)")
            } else {
                #expect(!ids.contains("nodes_disagree") && ids.contains("chain_valid"), "\(host ?? "?"): \(ids)")
            }
        }

        let text = try Harness.run(arguments, environment: environment)
        #expect(text.stdout.contains("REJECTED 127.0.0.4:\(port)"), "\(text.stdout)")
        #expect(text.stdout.contains("3 brokers"), "\(text.stdout)")
    }
}
