import Foundation
import Glibc
import TLSProbe
import Testing

/// The prober against peers that misbehave at the socket level, made in-process on loopback.
@Suite struct TLSConnectionTests {
    /// A listening socket that is never accepted from: the kernel completes the TCP handshake, then nothing.
    final class SilentListener {
        let fd: Int32
        let port: UInt16
        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            try #require(bound == 0 && listen(fd, 8) == 0)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            self.port = UInt16(bigEndian: address.sin_port)
        }
        deinit { close(fd) }
    }

    @Test func silentServerTimesOutInTime() throws {
        let listener = try SilentListener()
        let started = Date()
        #expect(throws: TLSProbeError.timedOut(phase: .tls, seconds: 0.5)) {
            _ = try TLSConnection.open(host: "127.0.0.1", port: listener.port,
                                       options: TLSClientOptions(serverName: nil, timeoutSeconds: 0.5))
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.45 && elapsed < 3, "took \(elapsed) s")
    }

    @Test func refusedPortIsAConnectionError() throws {
        let port: UInt16
        do {
            let listener = try SilentListener()
            port = listener.port
        }  // closed again: nothing listens there now
        do {
            _ = try TLSConnection.open(host: "127.0.0.1", port: port, options: TLSClientOptions(serverName: nil, timeoutSeconds: 2))
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.phase == .tcp)
            #expect(error.description.contains("Connection refused"))
        }
    }

    @Test func unresolvableNameSaysSo() {
        do {
            _ = try TLSConnection.open(host: "no-such-host.invalid", port: 8883, options: TLSClientOptions(serverName: nil, timeoutSeconds: 2))
            Issue.record("resolved .invalid")
        } catch {
            #expect(error.description.hasPrefix("cannot resolve no-such-host.invalid"))
        }
    }

    @Test func verifierRejectsGarbageDER() {
        #expect(throws: TLSProbeError.invalidInput("the leaf certificate is not valid DER")) {
            _ = try OpenSSLVerifier.verify(presentedChain: [[0x30, 0x01]], trustStore: .system, hostname: nil, ipAddress: nil, atUnixTime: 0)
        }
    }
}
