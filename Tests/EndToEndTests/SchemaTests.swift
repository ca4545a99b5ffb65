import Foundation
import TestSupport
import Testing

/// Every kind of JSON document the tool prints validates against the published schema
/// (Man/chaindoctor-report.schema.json, JSON Schema 2020-12, checked with python's jsonschema), which forbids
/// keys it does not document and names every finding id: a key added or renamed, or an id added, without the
/// schema fails here. Altered documents show that the validator does reject what the schema forbids.
@Suite(.timeLimit(.minutes(10))) struct SchemaTests {
    static let schema = TestPaths.packageRoot.appendingPathComponent("Man/chaindoctor-report.schema.json").path
    static func path(_ relative: String) -> String { Harness.testChains.appendingPathComponent(relative).path }

    /// Validates documents with python3's jsonschema; returns each failure as `NAME.json PATH MESSAGE`. A failure
    /// under `oneOf` (a report or an audit) is given as the failures of each branch.
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
            def leaves(error):
                if not error.context:
                    yield error
                for branch in error.context:
                    yield from leaves(branch)
            for path in sorted(glob.glob(sys.argv[2] + "/*.json")):
                for error in validator.iter_errors(json.load(open(path))):
                    for leaf in leaves(error):
                        print(path.rsplit("/", 1)[-1], "/".join(map(str, leaf.absolute_path)), leaf.message[:300])
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
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let leafOnly = try ServerProcess.mosquitto(scenario: "leaf-only")
        let mtls = try ServerProcess.mosquitto(scenario: "mtls-required")
        let auth = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let webSocket = try ServerProcess.amqtt()
        let cafile = Self.path("healthy/client-ca.crt")
        let refused = try RefusingPort()
        let directory = NSTemporaryDirectory() + "chaindoctor-schema-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repaired = directory + "/repaired.crt"
        let notRepaired = directory + "/not-repaired.crt"
        let audit = directory + "/brokers.txt"
        try "127.0.0.1:\(healthy.port) broker.test\n127.0.0.1:\(refused.port)\n".write(
            toFile: audit, atomically: true, encoding: .utf8)

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
            "probe-connack-refused": [
                "probe", "127.0.0.1:\(auth.port)", "--servername", "broker.test", "--cafile",
                Self.path("mqtt-auth/client-ca.crt"), "--quick",
            ],
            "probe-wss": [
                "probe", "wss://127.0.0.1:\(webSocket.port)/mqtt", "--servername", "broker.test", "--cafile", cafile,
                "--quick",
            ],
            "probe-refused": ["probe", "127.0.0.1:\(refused.port)", "--cafile", cafile],
            "check-repair": [
                "check", Self.path("leaf-only/broker.crt"), "--key", Self.path("leaf-only/broker.key"), "--cafile",
                cafile, "--hostname", "broker.test", "--intermediates", Self.path("ca"), "--repair", repaired, "--at",
                "2030-01-01",
            ],
            "check-repair-refused": [
                "check", Self.path("untrusted-root/broker.crt"), "--cafile", Self.path("untrusted-root/client-ca.crt"),
                "--hostname", "broker.test", "--repair", notRepaired,
            ],
            "check-weak-key": ["check", Self.path("weak-key/broker.crt"), "--cafile", cafile, "--ip", "127.0.0.1"],
            "audit": ["audit", audit, "--cafile", cafile, "--quick"],
        ]
        var documents: [String: String] = [:]
        var parsed: [String: [String: Any]] = [:]
        for (name, arguments) in runs {
            let result = try Harness.run(arguments + ["--json"] + (arguments[0] == "check" ? [] : ["--timeout", "3"]))
            guard let json = result.json else {
                Issue.record("\(name) printed no JSON: \(result.stdout.prefix(200)) \(result.stderr)")
                continue
            }
            documents[name] = result.stdout
            parsed[name] = json
        }
        // The documents are of the kinds their names say, or validating them would prove less than it claims.
        let connack = parsed["probe-connack-refused"]?["mqtt"] as? [String: Any]
        #expect(connack?["status"] as? String == "refused" && connack?["returnCode"] as? Int == 5, "\(connack ?? [:])")
        let webSocketMQTT = parsed["probe-wss"]?["mqtt"] as? [String: Any]
        #expect(
            webSocketMQTT?["transport"] as? String == "websocket" && webSocketMQTT?["status"] as? String == "accepted",
            "\(webSocketMQTT ?? [:])")
        let refusal = parsed["check-repair-refused"]?["repair"] as? [String: Any]
        #expect(refusal?["written"] as? Bool == false, "\(refusal ?? [:])")
        #expect(!FileManager.default.fileExists(atPath: notRepaired), "a refused repair writes nothing")
        #expect((parsed["check-repair"]?["repair"] as? [String: Any])?["written"] as? Bool == true)

        let failures = try validate(documents)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// A real document, altered one way at a time, is rejected at the place altered; unaltered, it validates.
    @Test func alteredDocumentsAreRejected() throws {
        let result = try Harness.run([
            "check", Self.path("leaf-only/broker.crt"), "--cafile", Self.path("leaf-only/client-ca.crt"), "--hostname",
            "broker.test", "--at", "2026-06-01", "--json",
        ])
        let document = try #require(result.json, "no JSON: \(result.stdout) \(result.stderr)")
        var findings = try #require(document["findings"] as? [[String: Any]])
        var chain = try #require(document["presentedChain"] as? [[String: Any]])
        try #require(findings.first?["id"] as? String == "missing_intermediate", "\(findings)")
        let days = try #require(chain.first?["daysRemaining"] as? Int)

        var misspelled = document
        findings[0]["id"] = "missing_intermedate"
        misspelled["findings"] = findings
        var unknownKey = document
        unknownKey["verdictNote"] = "not in the schema"
        var wrongType = document
        chain[0]["daysRemaining"] = String(days)
        wrongType["presentedChain"] = chain

        func text(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let failures = try validate([
            "original": result.stdout, "misspelled-id": try text(misspelled), "unknown-key": try text(unknownKey),
            "wrong-type": try text(wrongType),
        ])
        func failuresOf(_ name: String) -> [String] { failures.filter { $0.hasPrefix("\(name).json ") } }
        #expect(failuresOf("original").isEmpty, "\(failuresOf("original"))")
        #expect(
            failuresOf("misspelled-id").contains {
                $0.hasPrefix("misspelled-id.json findings/0/id 'missing_intermedate'")
            },
            "\(failuresOf("misspelled-id"))")
        #expect(
            failuresOf("unknown-key").contains { $0.contains("'verdictNote' was unexpected") },
            "\(failuresOf("unknown-key"))")
        #expect(
            failuresOf("wrong-type").contains {
                $0.hasPrefix("wrong-type.json presentedChain/0/daysRemaining")
                    && $0.hasSuffix("is not of type 'integer'")
            }, "\(failuresOf("wrong-type"))")
    }

    /// The schema names exactly the finding ids the tool lists (generated from FindingID), so neither can drift.
    @Test func schemaFindingIDsAreTheToolsIDs() throws {
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.schema)))
                as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let finding = try #require((definitions["finding"] as? [String: Any])?["properties"] as? [String: Any])
        let ids = try #require((finding["id"] as? [String: Any])?["enum"] as? [String], "the finding id is no enum")
        Documented.expectSameSet(
            try Documented.helpFindingIDs(), "chaindoctor --help", ids, "the schema's finding id enum",
            of: "finding ids")
    }

    /// `--help` names the top-level keys of a report and of an audit document: the schema's.
    @Test func helpNamesTheSchemasTopLevelKeys() throws {
        let help = try Documented.help([])
        let match = try #require(
            try Regex(#"top-level keys ([A-Za-z, ]+) \(audit: ([A-Za-z, ]+)\)\."#).firstMatch(in: help),
            "--help does not name the top-level keys: \(help)")
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.schema)))
                as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for (capture, kind) in [(1, "report"), (2, "audit")] {
            let named = try #require(match.output[capture].substring).split(separator: ", ").map(String.init)
            let keys = try #require(
                (definitions[kind] as? [String: Any])?["properties"] as? [String: Any], "no \(kind) in the schema")
            Documented.expectSameSet(
                named, "--help's \(kind) keys", Array(keys.keys), "the schema's \(kind) keys", of: "top-level keys")
        }
    }
}
