import Foundation
import Glibc
import TestSupport
import Testing

/// A TLS server that is not an MQTT broker: `openssl s_server` with the healthy chain. The chain verifies,
/// the CONNECT gets no CONNACK within the timeout, and the report says so: no CONNACK, from a broker that slow or a
/// service that is not MQTT (silence alone does not prove another protocol).
@Suite(.timeLimit(.minutes(10))) struct NotMQTTTests {
    @Test func opensslServerIsNotMQTT() throws {
        let dir = Harness.testChains.appendingPathComponent("healthy").path
        // s_server's single accept would be used up by a probe-by-connect: wait for its listening socket instead.
        let server = try ServerProcess.start(executable: try Tools.require("openssl"), oneConnection: true) { port in
            [
                "s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/broker.crt", "-key", dir + "/broker.key",
                "-cert_chain", dir + "/broker.crt", "-quiet", "-naccept", "1",
            ]
        }
        let result = try Harness.run([
            "probe", "127.0.0.1:\(server.port)", "--servername", "broker.test", "--timeout", "2",
            "--cafile", dir + "/client-ca.crt", "--json",
            // s_server answers one connection at a time: no version survey beside it.
            "--quick",
        ])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs.first == "mqtt_no_connack", "\(result.findingIDs)")
        let mqtt = try #require(result.json?["mqtt"] as? [String: Any])
        #expect(mqtt["status"] as? String == "timeout")
        #expect((mqtt["reason"] as? String)?.contains("not MQTT") == true)
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
    }
}

/// Peers that answer with 10 MB of junk, inside TLS (s_server sends its standard input after the handshake) and
/// instead of TLS: a defined answer at once, never a hang or a 10 MB buffer.
@Suite(.timeLimit(.minutes(10))) struct JunkPeerTests {
    static func junkFile() throws -> String {
        let path = NSTemporaryDirectory() + "chaindoctor-junk-\(UUID().uuidString)"
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        defer { try? random.close() }
        try random.readData(ofLength: 10_000_000).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func tenMegabytesInsideTLS() throws {
        let junk = try Self.junkFile()
        defer { try? FileManager.default.removeItem(atPath: junk) }
        let dir = Harness.testChains.appendingPathComponent("healthy").path
        // s_server sends its standard input, the junk, once the handshake is done; one connection only, so it is
        // waited for by its listening socket rather than by connecting (and -quiet: s_server otherwise reads its
        // standard input as commands).
        let server = try ServerProcess.start(
            executable: try Tools.require("openssl"), oneConnection: true,
            input: try FileHandle(forReadingFrom: URL(fileURLWithPath: junk))
        ) { port in
            [
                "s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/broker.crt", "-key", dir + "/broker.key",
                "-cert_chain", dir + "/../ca/intermediate.crt", "-quiet", "-naccept", "1",
            ]
        }
        let result = try Harness.run([
            // A generous timeout: the answer comes at once; the bound only keeps a loaded machine from failing it.
            "probe", "127.0.0.1:\(server.port)", "--servername", "broker.test", "--quick", "--timeout", "10",
            "--cafile", dir + "/client-ca.crt", "--json",
        ])
        #expect(result.exitCode == 2, "\(result.json?["error"] ?? result.stderr)")
        #expect(result.findingIDs.first == "not_mqtt", "\(result.findingIDs)")
    }

    @Test func tenMegabytesInsteadOfTLS() throws {
        let junk = try Self.junkFile()
        defer { try? FileManager.default.removeItem(atPath: junk) }
        let script = { (port: UInt16) in
            """
            import socket
            data = open("\(junk)", "rb").read()  # before listening: ready when the probe connects
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", \(port))); s.listen(8)
            while True:
                c, _ = s.accept()
                try:
                    c.sendall(data)
                except Exception:
                    pass
                c.close()
            """
        }
        let server = try ServerProcess.start(executable: try Tools.require("python3")) { ["-c", script($0)] }
        let result = try Harness.run([
            // A generous timeout, as above: the answer comes at once (0.3 s here). With 3 s, a fresh-clone CI run on a
            // busy machine (a fuzzer beside it) once ended with exit 3 and no observation; the server now reads its
            // junk before it listens, and the expectation prints the probe's error.
            "probe", "127.0.0.1:\(server.port)", "--timeout", "10", "--json",
            "--cafile", Harness.testChains.appendingPathComponent("healthy/client-ca.crt").path,
        ])
        #expect(result.exitCode == 2, "\(result.json?["error"] ?? result.stderr) \(result.json?["phases"] ?? "")")
        #expect(result.findingIDs == ["not_tls"])
    }
}
