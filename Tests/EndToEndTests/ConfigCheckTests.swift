import Foundation
import TestSupport
import Testing

/// `check --config` on an example configuration of every broker it reads (TestChains/configs, written from each
/// broker's documented example): every TLS listener is named with its line, and its files get `check`'s findings.
@Suite(.timeLimit(.minutes(10))) struct ConfigCheckTests {
    struct Example: Sendable, CustomStringConvertible {
        var config: String
        /// Listener label → the finding ids it must carry (at least these).
        var listeners: [String: [String]]
        var exitCode: Int32
        var cafile: String? = nil
        var description: String { config }
    }

    static let healthyCA = TestPaths.scenarioFile("healthy", "client-ca.crt")

    static let examples: [Example] = [
        Example(
            config: "mosquitto/mosquitto.conf",
            listeners: [
                "listener 8883 (mosquitto.conf:4)": ["chain_valid"],
                "listener 8884 (legacy.conf:1)": ["wrong_order", "weak_tls_version"],
            ], exitCode: 1),
        Example(
            config: "rabbitmq/rabbitmq.conf",
            listeners: [
                "mqtt.listeners.ssl.default = 8883 (rabbitmq.conf:4)": ["missing_intermediate", "weak_tls_version"]
            ],
            exitCode: 2),
        Example(
            config: "emqx4/emqx.conf",
            listeners: ["listener.ssl.external = 8883 (emqx.conf:3)": ["expired", "weak_tls_version"]], exitCode: 2),
        Example(
            config: "emqx5/emqx.conf",
            listeners: ["listeners.ssl.default (bind 0.0.0.0:8883) (emqx.conf:8)": ["chain_valid"]], exitCode: 0),
        Example(
            config: "hivemq/config.xml", listeners: ["<tls-tcp-listener> port 8883 (config.xml:9)": ["chain_valid"]],
            exitCode: 0, cafile: healthyCA),
        Example(
            config: "nanomq/nanomq.conf",
            listeners: ["listeners.ssl (bind 0.0.0.0:8883) (nanomq.conf:7)": ["hostname_mismatch"]], exitCode: 2),
        Example(
            config: "vernemq/vernemq.conf",
            listeners: ["listener.ssl.default = 127.0.0.1:8883 (vernemq.conf:4)": ["chain_valid"]], exitCode: 0),
        Example(
            config: "ejabberd/ejabberd.yml",
            listeners: ["listen port 8883 (mod_mqtt) (ejabberd.yml:13)": ["chain_valid"]],
            exitCode: 0, cafile: healthyCA),
    ]

    static func run(_ config: String, cafile: String? = nil, json: Bool = true) throws -> Harness.Result {
        try Harness.run(
            [
                "check", "--config", TestPaths.testChains.appendingPathComponent("configs/\(config)").path,
                "--hostname", "broker.test", "--at", ChainScenarioCase.at, "--clients", "openssl",
            ] + (cafile.map { ["--cafile", $0] } ?? []) + (json ? ["--json"] : []))
    }

    /// Listener label → finding ids, from the audit document.
    static func listeners(_ result: Harness.Result) throws -> [String: [String]] {
        let results = try #require(result.json?["results"] as? [[String: Any]], "\(result.stdout.prefix(400))")
        var found: [String: [String]] = [:]
        for report in results {
            let label = (report["files"] as? [String: Any])?["listener"] as? String ?? "?"
            found[label] = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        return found
    }

    @Test(arguments: examples)
    func everyListenerIsNamedAndChecked(example: Example) throws {
        let result = try Self.run(example.config, cafile: example.cafile)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.exitCode == example.exitCode)
        let found = try Self.listeners(result)
        #expect(Set(found.keys) == Set(example.listeners.keys), "\(found)")
        for (label, ids) in example.listeners {
            #expect(Set(ids).isSubset(of: Set(found[label] ?? [])), "\(label): \(found[label] ?? [])")
        }
    }

    /// A line that cannot be read, a certfile that does not exist, a listener without a key: findings naming the
    /// line, never a crash; the other listeners are still checked.
    @Test func brokenConfigurationsAreFindings() throws {
        let rabbit = try Self.listeners(try Self.run("broken/rabbitmq.conf"))
        let problems = rabbit.first { $0.key.hasSuffix("broken/rabbitmq.conf") }
        #expect(problems?.value == ["config_problem"], "\(rabbit)")
        #expect(rabbit["mqtt.listeners.ssl.default = 8883 (rabbitmq.conf:1)"]?.contains("config_problem") == true)
        #expect(rabbit["mqtt.listeners.ssl.second = 8884 (rabbitmq.conf:2)"]?.contains("config_problem") == true)
        let text = try Self.run("broken/rabbitmq.conf", json: false)
        #expect(text.stdout.contains("rabbitmq.conf:4: expected key = value"))
        #expect(text.stdout.contains("does-not-exist.crt: cannot open"))
        #expect(text.exitCode == 2)

        let mosquitto = try Self.listeners(try Self.run("broken/mosquitto.conf", cafile: Self.healthyCA))
        #expect(mosquitto["listener 8883 (mosquitto.conf:1)"]?.contains("config_problem") == true, "no keyfile")
        #expect(mosquitto.contains { $0.key.hasSuffix("broken/mosquitto.conf") && $0.value == ["config_problem"] })
    }

    @Test func unreadableOrUnknownConfigurationsAreOneLineErrors() throws {
        let missing = try Harness.run(["check", "--config", "/nonexistent/mosquitto.conf"])
        #expect(missing.exitCode == 3 && missing.stdout.isEmpty)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        let directory = try TemporaryDirectory("config")
        let notes = directory.file("notes.txt")
        try "hello\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let unknown = try Harness.run(["check", "--config", notes])
        #expect(unknown.exitCode == 3 && unknown.stderr.contains("give --broker"), "\(unknown.stderr)")
        let both = try Harness.run(["check", TestPaths.scenarioFile("healthy", "broker.crt"), "--config", notes])
        #expect(both.exitCode == 3 && both.stderr.contains("one of them"))
    }
}
