import Foundation
import Glibc
import TLSProbe
import TestSupport
import Testing

/// The prober against peers that misbehave at the socket level, made in-process on loopback.
@Suite(.timeLimit(.minutes(10))) struct TLSConnectionTests {
    /// The handshake gives up on its own deadline (the suite's time limit fails it if it hangs instead).
    @Test func silentServerTimesOut() throws {
        let listener = try SilentListener()
        #expect(throws: TLSProbeError.timedOut(phase: .tls, seconds: 0.5)) {
            _ = try TLSConnection.open(
                host: "127.0.0.1", port: listener.port,
                options: TLSClientOptions(serverName: nil, timeoutSeconds: 0.5))
        }
    }

    @Test func refusedPortIsAConnectionError() throws {
        let refused = try RefusingPort()
        let port = refused.port
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
