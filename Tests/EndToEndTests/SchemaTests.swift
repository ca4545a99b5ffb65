import Foundation
import TestSupport
import Testing

/// Every kind of JSON document the tool prints validates against the published schema
/// (Man/chaindoctor-report.schema.json, JSON Schema 2020-12, checked with python's jsonschema), which forbids
/// keys it does not document: a key added or renamed without the schema fails here.
@Suite(.timeLimit(.minutes(3))) struct SchemaTests {
    static let schema = TestPaths.packageRoot.appendingPathComponent("Man/chaindoctor-report.schema.json").path

    /// Validates documents with python3's jsonschema; returns each failure as text.
    func validate(_ documents: [String: String]) throws -> [String] {
        let directory = NSTemporaryDirectory() + "chaindoctor-schema-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in documents {
            try text.write(toFile: "\(directory)/\(name).json", atomically: true, encoding: .utf8)
        }
        let script = """
            import glob, json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for path in sorted(glob.glob(sys.argv[2] + "/*.json")):
                for error in validator.iter_errors(json.load(open(path))):
                    print(path.rsplit("/", 1)[-1], "/".join(map(str, error.absolute_path)), error.message[:300])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Tools.require("python3"))
        process.arguments = ["-c", script, Self.schema, directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0, "the validator failed (is python3-jsonschema installed?): \(output)")
        return output.split(separator: "\n").map(String.init)
    }

    @Test func everyDocumentValidates() throws {
        let chains = Harness.testChains
        func path(_ relative: String) -> String { chains.appendingPathComponent(relative).path }
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let mtls = try ServerProcess.mosquitto(scenario: "mtls-required")
        let cafile = path("healthy/client-ca.crt")
        let refused = try RefusingPort()
        let repaired = NSTemporaryDirectory() + "chaindoctor-schema-\(UUID().uuidString).crt"
        defer { try? FileManager.default.removeItem(atPath: repaired) }
        let audit = NSTemporaryDirectory() + "chaindoctor-schema-\(UUID().uuidString).txt"
        try "127.0.0.1:\(healthy.port) broker.test\n127.0.0.1:\(refused.port)\n".write(
            toFile: audit, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: audit) }

        let runs: [String: [String]] = [
            "probe-healthy-v5-pubsub": [
                "probe", "127.0.0.1:\(healthy.port)", "--servername", "broker.test", "--cafile", cafile,
                "--mqtt-version", "5", "--pubsub", "chaindoctor/schema",
            ],
            "probe-leaf-only": [
                "probe", "127.0.0.1:\(leafOnly.port)", "--servername", "broker.test", "--cafile", cafile,
            ],
            "probe-mtls": [
                "probe", "127.0.0.1:\(mtls.port)", "--servername", "broker.test", "--cafile", cafile, "--alpn", "mqtt",
            ],
            "probe-refused": ["probe", "127.0.0.1:\(refused.port)", "--cafile", cafile],
            "check-repair": [
                "check", path("leaf-only/broker.crt"), "--key", path("leaf-only/broker.key"), "--cafile", cafile,
                "--hostname", "broker.test", "--intermediates", path("ca"), "--repair", repaired, "--at", "2030-01-01",
            ],
            "check-weak-key": ["check", path("weak-key/broker.crt"), "--cafile", cafile, "--ip", "127.0.0.1"],
            "audit": ["audit", audit, "--cafile", cafile, "--quick"],
        ]
        var documents: [String: String] = [:]
        for (name, arguments) in runs {
            let result = try Harness.run(arguments + ["--json"] + (arguments[0] == "check" ? [] : ["--timeout", "3"]))
            guard result.json != nil else {
                Issue.record("\(name) printed no JSON: \(result.stdout.prefix(200)) \(result.stderr)")
                continue
            }
            documents[name] = result.stdout
        }
        let failures = try validate(documents)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
