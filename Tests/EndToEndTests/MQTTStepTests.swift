import Foundation
import Synchronization
import TestSupport
import Testing

/// The MQTT step against a real mosquitto: anonymous and password-protected listeners, right and wrong passwords,
/// an ACL that denies a topic, MQTT 3.1.1 and 5, and credentials that go only over a verified chain.
@Suite(.timeLimit(.minutes(10))) struct MQTTStepTests {
    static let password = "chaindoctor-test-password"
    static func file(_ path: String) -> String { Harness.testChains.appendingPathComponent(path).path }

    func mqtt(_ result: Harness.Result) -> [String: Any] { result.json?["mqtt"] as? [String: Any] ?? [:] }
    func pubsub(_ result: Harness.Result) -> [String: Any] { mqtt(result)["pubsub"] as? [String: Any] ?? [:] }

    func passwordFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "chaindoctor-password-\(UUID().uuidString)"
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func probe(
        _ broker: ServerProcess, cafile: String = file("mqtt-auth/client-ca.crt"), _ extra: [String],
        environment: [String: String]? = nil
    ) throws -> Harness.Result {
        let result = try Harness.run(
            [
                "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile", cafile,
                "--quick", "--timeout", "3", "--json",
            ] + extra, environment: environment)
        // Whatever happened, the password is in no output.
        #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
        return result
    }

    @Test func anonymousListenerInEveryVersion() throws {
        let broker = try ServerProcess.mosquitto(scenario: "healthy")
        for (version, expected) in [("3.1.1", "3.1.1"), ("5", "5"), ("3.1", "3.1"), ("auto", "5")] {
            let result = try probe(broker, cafile: Self.file("healthy/client-ca.crt"), ["--mqtt-version", version])
            #expect(result.exitCode == 0, "\(version): \(result.findingIDs)")
            #expect(mqtt(result)["status"] as? String == "accepted", "\(version)")
            #expect(mqtt(result)["protocolVersion"] as? String == expected)
            #expect(mqtt(result)["credentialsSent"] as? Bool == false)
        }
        let v5 = try probe(
            broker, cafile: Self.file("healthy/client-ca.crt"),
            ["--mqtt-version", "5", "--client-id", "chaindoctor-fixed"])
        #expect(mqtt(v5)["reasonCode"] as? Int == 0)
        #expect(mqtt(v5)["clientId"] as? String == "chaindoctor-fixed")
        #expect(
            (mqtt(v5)["properties"] as? [String: String])?["receiveMaximum"] != nil,
            "mosquitto announces its receive maximum")
    }

    @Test func anonymousClientRefused() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let v3 = try probe(broker, [])
        #expect(v3.exitCode == 2)
        #expect(v3.findingIDs == ["mqtt_connection_refused", "chain_valid"])
        #expect(mqtt(v3)["returnCode"] as? Int == 5)
        #expect((mqtt(v3)["advice"] as? String)?.contains("allow_anonymous false") == true)
        let v5 = try probe(broker, ["--mqtt-version", "5"])
        #expect(mqtt(v5)["reasonCode"] as? Int == 0x87)
        #expect((mqtt(v5)["reason"] as? String)?.contains("Not authorized") == true)
    }

    @Test func rightAndWrongPassword() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let right = try passwordFile(Self.password)
        defer { try? FileManager.default.removeItem(atPath: right) }
        let accepted = try probe(broker, ["--username", "probe", "--password-file", right])
        #expect(accepted.exitCode == 0, "\(accepted.findingIDs)")
        #expect(mqtt(accepted)["credentialsSent"] as? Bool == true)

        var environment = ProcessInfo.processInfo.environment
        environment["CHAINDOCTOR_PASSWORD"] = "not-the-password"
        let wrong = try probe(broker, ["--username", "probe"], environment: environment)
        #expect(wrong.exitCode == 2)
        #expect(mqtt(wrong)["status"] as? String == "refused")
        #expect((mqtt(wrong)["advice"] as? String)?.contains("password_file") == true)

        let onCommandLine = try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--username", "probe", "--password", "x",
        ])
        #expect(onCommandLine.exitCode == 3)
        #expect(onCommandLine.stderr.contains("--password-file"))
    }

    @Test func aclDeniedTopic() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let right = try passwordFile(Self.password)
        defer { try? FileManager.default.removeItem(atPath: right) }
        let credentials = ["--username", "probe", "--password-file", right]
        let allowed = try probe(broker, credentials + ["--pubsub", "chaindoctor/allowed/probe"])
        #expect(allowed.exitCode == 0, "\(allowed.findingIDs)")
        #expect(pubsub(allowed)["received"] as? Bool == true)
        #expect(pubsub(allowed)["roundTripMs"] as? Double != nil)

        // MQTT 3.1.1: mosquitto acknowledges the denied publish and drops it.
        let denied = try probe(broker, credentials + ["--pubsub", "chaindoctor/denied/probe"])
        #expect(denied.exitCode == 2)
        #expect(denied.findingIDs == ["mqtt_publish_not_delivered", "chain_valid"])
        #expect(pubsub(denied)["published"] as? Bool == true)
        #expect(pubsub(denied)["received"] as? Bool == false)
        // MQTT 5 says so in the PUBACK.
        let deniedV5 = try probe(broker, credentials + ["--pubsub", "chaindoctor/denied/probe", "--mqtt-version", "5"])
        #expect(deniedV5.findingIDs == ["mqtt_publish_not_delivered", "chain_valid"])
        #expect((pubsub(deniedV5)["publishResult"] as? String)?.hasPrefix("0x87 Not authorized") == true)
    }

    @Test func credentialsOnlyOverAVerifiedChain() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let right = try passwordFile(Self.password)
        defer { try? FileManager.default.removeItem(atPath: right) }
        // The client trusts another CA: the chain fails, so the MQTT step (with --insecure) goes without credentials.
        let wrongCA = Self.file("untrusted-root/client-ca.crt")
        let withheld = try probe(
            broker, cafile: wrongCA, ["--insecure", "--username", "probe", "--password-file", right])
        #expect(withheld.findingIDs == ["untrusted_root", "mqtt_connection_refused", "mqtt_credentials_withheld"])
        #expect(mqtt(withheld)["credentialsSent"] as? Bool == false)
        #expect(mqtt(withheld)["credentialsWithheld"] as? String == "the certificate chain failed verification")
        // Without --insecure the MQTT step is not run at all.
        let notRun = try probe(broker, cafile: wrongCA, ["--username", "probe", "--password-file", right])
        #expect(mqtt(notRun)["status"] as? String == "withheld")
        // Said explicitly, they are sent.
        let sent = try probe(
            broker, cafile: wrongCA, ["--send-credentials-insecurely", "--username", "probe", "--password-file", right])
        #expect(mqtt(sent)["credentialsSent"] as? Bool == true)
        #expect(mqtt(sent)["status"] as? String == "accepted")
        #expect(sent.findingIDs == ["untrusted_root"])
    }

    /// On a terminal, the password is asked for without echo (getpass): run under script(1), which gives the probe
    /// a pseudo-terminal, and type the password into it.
    @Test func passwordPromptOnATerminal() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let command = [
            try Harness.binary.path, "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test",
            "--cafile", Self.file("mqtt-auth/client-ca.crt"), "--quick", "--timeout", "3", "--username", "probe",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Tools.require("script"))
        process.arguments = ["-qec", command.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let collected = Mutex(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            collected.withLock { $0.append(chunk) }
        }
        try process.run()
        // Type the password once the prompt is shown (getpass has turned echo off and flushed input by then).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline
            && !String(decoding: collected.withLock { $0 }, as: UTF8.self).contains("MQTT password:")
        {
            usleep(50_000)
        }
        try input.fileHandleForWriting.write(contentsOf: Data((Self.password + "\n").utf8))
        process.waitUntilExitOrKill(seconds: 30)
        try? input.fileHandleForWriting.close()
        // Whatever the handler has not taken yet is read to the end of the stream, not left behind.
        output.fileHandleForReading.readabilityHandler = nil
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        collected.withLock { $0.append(rest) }
        let text = String(decoding: collected.withLock { $0 }, as: UTF8.self)
        #expect(text.contains("MQTT password:"))
        #expect(text.contains("accepted: CONNACK accepted"), "\(text.suffix(400))")
        #expect(text.contains("credentials sent"))
        #expect(!text.contains(Self.password), "the password is not echoed")
    }
}
