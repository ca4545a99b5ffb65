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

    /// The version survey's handshake stops at the server's Certificate message, after the hello that names the
    /// version and cipher: against a TLS 1.2 server that requires a client certificate it reports the version
    /// accepted, where a full handshake is refused for want of the certificate, and the server is told why it
    /// stopped (illegal_parameter, alert 47: the message was refused by its size, before anything in it was read).
    @Test func serverHelloStopsAtTheServersCertificate() throws {
        let server = try ServerProcess.opensslServer(["-tls1_2", "-Verify", "1"])
        let tls12 = TLSProtocolVersion.tls1_2...TLSProtocolVersion.tls1_2
        let options = TLSClientOptions(serverName: "broker.test", timeoutSeconds: 5, versions: tls12)
        let hello = try TLSConnection.serverHello(host: "127.0.0.1", port: server.port, options: options)
        #expect(hello.protocolVersion == "TLSv1.2")
        #expect(hello.cipher.hasPrefix("ECDHE-RSA-"), "\(hello.cipher)")
        try server.waitForLog("alert number 47", seconds: 5)

        do {
            _ = try TLSConnection.open(host: "127.0.0.1", port: server.port, options: options)
            Issue.record("a full handshake without a client certificate succeeded")
        } catch {
            guard case .handshakeFailed(_, let certificateRequested, let chain) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(certificateRequested && chain.count == 2, "the full handshake read the certificates")
        }

        let tls13 = TLSProtocolVersion.tls1_3...TLSProtocolVersion.tls1_3
        do {
            _ = try TLSConnection.serverHello(
                host: "127.0.0.1", port: server.port,
                options: TLSClientOptions(serverName: "broker.test", timeoutSeconds: 5, versions: tls13))
            Issue.record("a TLS 1.2 server accepted TLS 1.3")
        } catch {
            #expect(error.peerAlert != nil, "refused by the server's alert: \(error)")
        }
    }

    @Test func verifierRejectsGarbageDER() {
        #expect(throws: TLSProbeError.invalidInput("the leaf certificate is not valid DER")) {
            _ = try OpenSSLVerifier.verify(
                presentedChain: [[0x30, 0x01]], trustStore: .system, hostname: nil, ipAddress: nil, atUnixTime: 0)
        }
    }
}
