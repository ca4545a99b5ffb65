import Foundation
import TestSupport
import Testing

/// `--timeout` bounds the whole probe: each step gets what the steps before it left. Against slow peers, a probe
/// ends within its timeout plus a second, says which step ran out, and calls silence what it is.
@Suite(.timeLimit(.minutes(10))) struct DeadlineTests {
    /// A TLS server (Python's ssl) that completes every handshake, on as many connections as come, and then never
    /// says a word: a broker too slow to answer CONNECT.
    static func slowBroker() throws -> ServerProcess {
        let certfile = TestPaths.scenarioFile("healthy", "broker.crt")
        let keyfile = TestPaths.scenarioFile("healthy", "broker.key")
        return try ServerProcess.start(executable: try Tools.require("python3")) { port in
            [
                "-c",
                """
                import socket, ssl, threading, time
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain("\(certfile)", "\(keyfile)")
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", \(port))); s.listen(64)
                def hold(c):
                    try:
                        t = ctx.wrap_socket(c, server_side=True)
                        time.sleep(120)
                    except Exception:
                        pass
                while True:
                    c, _ = s.accept()
                    threading.Thread(target=hold, args=(c,), daemon=True).start()
                """,
            ]
        }
    }

    func probe(_ port: UInt16, _ extra: [String]) throws -> (Harness.Result, Double) {
        let started = Date()
        let result = try Harness.run(
            [
                "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile",
                TestPaths.scenarioFile("healthy", "client-ca.crt"), "--json", "--clients", "openssl",
            ] + extra)
        return (result, Date().timeIntervalSince(started))
    }

    @Test(arguments: ["auto", "3.1.1", "5"])
    func aSilentBrokerEndsWithinTheTimeout(version: String) throws {
        let broker = try Self.slowBroker()
        let (result, seconds) = try probe(broker.port, ["--timeout", "3", "--mqtt-version", version])
        #expect(seconds < 4.5, "\(seconds) s with --timeout 3 (process start included)")
        let mqtt = result.json?["mqtt"] as? [String: Any]
        #expect(mqtt?["status"] as? String == "timeout", "\(String(describing: mqtt))")
        // Silence is not called another protocol: the finding says no CONNACK came in the time left.
        #expect(result.findingIDs.contains("mqtt_no_connack"), "\(result.findingIDs)")
        #expect(!result.findingIDs.contains("not_mqtt"))
        #expect((mqtt?["reason"] as? String)?.contains("what --timeout left") == true || version == "5")
    }

    /// A port that accepts TCP and never answers the ClientHello.
    @Test func aSilentPortEndsWithinTheTimeout() throws {
        let silent = try ServerProcess.start(executable: try Tools.require("python3")) { port in
            [
                "-c",
                """
                import socket, time
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", \(port))); s.listen(64)
                held = []
                while True:
                    c, _ = s.accept()
                    held.append(c)
                """,
            ]
        }
        let (result, seconds) = try probe(silent.port, ["--timeout", "2"])
        #expect(seconds < 3.5, "\(seconds) s with --timeout 2")
        #expect(result.exitCode == 3)
    }

    /// A plain MQTT listener answers CONNECT with 4 bytes and waits: the probe stops reading at the CONNACK.
    @Test func aPlainListenerDoesNotCostTheTimeout() throws {
        let broker = try ServerProcess.mosquitto(scenario: "plain-listener")
        let (result, seconds) = try probe(broker.port, ["--timeout", "8"])
        #expect(result.findingIDs.contains("plain_mqtt_listener"), "\(result.findingIDs)")
        #expect(seconds < 4, "\(seconds) s: the probe read on after the CONNACK")
    }
}
