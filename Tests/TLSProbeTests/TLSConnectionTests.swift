import Foundation
import Glibc
import TLSProbe
import TestSupport
import Testing

/// The prober against peers that misbehave at the socket level, made in-process on loopback.
@Suite struct TLSConnectionTests {
    @Test func silentServerTimesOutInTime() throws {
        let listener = try SilentListener()
        let started = Date()
        #expect(throws: TLSProbeError.timedOut(phase: .tls, seconds: 0.5)) {
            _ = try TLSConnection.open(
                host: "127.0.0.1", port: listener.port,
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
            _ = try TLSConnection.open(
                host: "127.0.0.1", port: port, options: TLSClientOptions(serverName: nil, timeoutSeconds: 2))
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.phase == .tcp)
            #expect(error.description.contains("Connection refused"))
        }
    }

    @Test func unresolvableNameSaysSo() {
        do {
            _ = try TLSConnection.open(
                host: "no-such-host.invalid", port: 8883, options: TLSClientOptions(serverName: nil, timeoutSeconds: 2))
            Issue.record("resolved .invalid")
        } catch {
            #expect(error.description.hasPrefix("cannot resolve no-such-host.invalid"))
        }
    }

    @Test func verifierRejectsGarbageDER() {
        #expect(throws: TLSProbeError.invalidInput("the leaf certificate is not valid DER")) {
            _ = try OpenSSLVerifier.verify(
                presentedChain: [[0x30, 0x01]], trustStore: .system, hostname: nil, ipAddress: nil, atUnixTime: 0)
        }
    }
}
