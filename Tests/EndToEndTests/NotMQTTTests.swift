import Foundation
import Glibc
import Testing

/// A TLS server that is not an MQTT broker: `openssl s_server` with the healthy chain. The chain verifies,
/// the CONNECT gets no CONNACK, and the report says it is not MQTT, within the timeout.
@Suite struct NotMQTTTests {
    @Test func opensslServerIsNotMQTT() throws {
        let openssl = try Harness.tool("openssl")
        let port = try Harness.freePort()
        let dir = Harness.testChains.appendingPathComponent("healthy").path
        let server = try ServerProcess(
            executable: openssl,
            arguments: ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", dir + "/broker.crt", "-key", dir + "/broker.key",
                        "-cert_chain", dir + "/broker.crt", "-quiet", "-naccept", "1"],
            port: port, waitForListener: false)
        // s_server's single accept would be used up by a probe-by-connect: wait on its log instead.
        usleep(500_000)
        #expect(server.process.isRunning)
        let started = Date()
        let result = try Harness.run(["probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--timeout", "2",
                                      "--cafile", dir + "/client-ca.crt", "--json",
                                      // s_server answers one connection at a time: no version survey beside it.
                                      "--quick"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 6, "took \(elapsed) s")
        #expect(result.exitCode == 2)
        #expect(result.findingIDs.first == "not_mqtt", "\(result.findingIDs)")
        let mqtt = try #require(result.json?["mqtt"] as? [String: Any])
        #expect(mqtt["status"] as? String == "timeout")
        #expect((mqtt["reason"] as? String)?.contains("not MQTT") == true)
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
    }
}

/// A listening socket never accepted from: TCP completes, nothing is ever said.
final class SilentSocket {
    let fd: Int32
    let port: UInt16
    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(ok)
        self.port = UInt16(bigEndian: address.sin_port)
    }
    deinit { close(fd) }
}
