import Foundation
import TestSupport
import Testing

/// `probe wss://HOST:PORT/PATH`: the same chain and MQTT diagnosis over MQTT-over-WebSockets, against amqtt
/// (a second, independent broker, from PyPI) and a wss endpoint that serves MQTT only at /mqtt.
@Suite(.timeLimit(.minutes(10))) struct WebSocketProbeTests {
    static let cafile = Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path

    func probe(_ url: String, _ extra: [String]) throws -> Harness.Result {
        try Harness.run(
            [
                "probe", url, "--servername", "broker.test", "--cafile", Self.cafile, "--quick", "--timeout", "5",
                "--json",
            ] + extra)
    }

    func mqtt(_ result: Harness.Result) -> [String: Any] { result.json?["mqtt"] as? [String: Any] ?? [:] }

    @Test func amqttOverWebSockets() throws {
        let broker = try ServerProcess.amqtt()
        let url = "wss://127.0.0.1:\(broker.port)/mqtt"
        let plain = try probe(url, [])
        #expect(plain.exitCode == 0, "\(plain.findingIDs) \(plain.stderr)")
        // amqtt asks for a client certificate and goes on without one.
        #expect(plain.findingIDs == ["client_certificate_requested", "chain_valid"])
        #expect(mqtt(plain)["transport"] as? String == "websocket")
        #expect(mqtt(plain)["status"] as? String == "accepted")
        #expect((plain.json?["presentedChain"] as? [Any])?.count == 2)

        // amqtt does not speak MQTT 5 and ignores its CONNECT: auto falls back to 3.1.1 on a new connection.
        let auto = try probe(url, ["--mqtt-version", "auto"])
        #expect(mqtt(auto)["status"] as? String == "accepted")
        #expect(mqtt(auto)["protocolVersion"] as? String == "3.1.1")
        #expect((mqtt(auto)["reason"] as? String)?.hasPrefix("MQTT 5 refused") == true)
        let v5 = try probe(url, ["--mqtt-version", "5", "--timeout", "2"])
        #expect(v5.findingIDs.first == "mqtt_no_connack", "an MQTT 5 CONNECT ignored is not 'not MQTT'")
        #expect((mqtt(v5)["advice"] as? String)?.contains("--mqtt-version 3.1.1") == true)

        let pubsub = try probe(url, ["--pubsub", "chaindoctor/wss"])
        #expect((mqtt(pubsub)["pubsub"] as? [String: Any])?["received"] as? Bool == true)
    }

    @Test func wrongPathIsNamed() throws {
        let server = try ServerProcess.webSocketPathServer()
        let wrong = try probe("wss://127.0.0.1:\(server.port)/", [])
        #expect(wrong.exitCode == 2)
        #expect(wrong.findingIDs == ["mqtt_no_connack", "chain_valid"])
        #expect((mqtt(wrong)["reason"] as? String)?.contains("404 Not Found") == true, "\(mqtt(wrong))")
        #expect((mqtt(wrong)["advice"] as? String)?.contains("/mqtt") == true)
        let right = try probe("wss://127.0.0.1:\(server.port)/mqtt", [])
        #expect(right.exitCode == 0, "\(right.findingIDs)")
    }
}
