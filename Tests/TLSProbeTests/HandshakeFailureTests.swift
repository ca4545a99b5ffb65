import COpenSSL
import Foundation
import Glibc
import TLSProbe
import TestSupport
import Testing

/// Handshakes against real peers on loopback: `openssl s_server` asking for (or requiring) a client certificate
/// or speaking only TLS 1.3, and in-process listeners that answer in plain text or hang up. What the failures
/// are classified as comes from the numbers OpenSSL queued, and the CertificateRequest from the handshake
/// callback's state.
@Suite(.timeLimit(.minutes(10))) struct HandshakeFailureTests {
    /// `openssl s_server` with the healthy broker certificate and `arguments`, killed (SIGKILL: a child of a test
    /// thread may have SIGTERM blocked) when this object goes.
    final class OpenSSLServer {
        let server: ServerProcess
        var port: UInt16 { server.port }

        init(_ arguments: [String]) throws {
            server = try ServerProcess.start(executable: try Tools.require("openssl")) { port in
                [
                    "s_server", "-quiet", "-accept", "127.0.0.1:\(port)",
                    "-cert", TestPaths.scenarioFile("healthy", "broker.crt"),
                    "-key", TestPaths.scenarioFile("healthy", "broker.key"),
                ] + arguments
            }
        }

        func open(versions: ClosedRange<TLSProtocolVersion>? = nil) throws(TLSProbeError) -> TLSConnection {
            try TLSConnection.open(
                host: "127.0.0.1", port: port,
                options: TLSClientOptions(serverName: "broker.test", timeoutSeconds: 5, versions: versions))
        }
    }

    /// A listener that accepts one connection, reads what the client sends first (its ClientHello), answers
    /// `reply` and closes.
    final class OneShotPeer {
        let fd: Int32
        let port: UInt16
        private let done = DispatchSemaphore(value: 0)

        init(reply: [UInt8]) throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            fd = listener
            var address = Loopback.address(port: 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
                }
            }
            port = UInt16(bigEndian: address.sin_port)
            try #require(bound && listen(listener, 1) == 0)
            let done = done
            Thread.detachNewThread {
                defer { done.signal() }
                let peer = accept(listener, nil, nil)
                guard peer >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = recv(peer, &buffer, buffer.count, 0)
                if !reply.isEmpty { _ = send(peer, reply, reply.count, Int32(MSG_NOSIGNAL)) }
                close(peer)
            }
        }

        deinit {
            shutdown(fd, Int32(SHUT_RDWR))
            done.wait()
            close(fd)
        }
    }

    static func handshakeError(_ open: () throws(TLSProbeError) -> TLSConnection) -> TLSProbeError? {
        do {
            _ = try open()
            Issue.record("the handshake succeeded")
            return nil
        } catch {
            return error
        }
    }

    @Test func certificateRequestIsRecorded() throws {
        let asking = try OpenSSLServer(["-verify", "1"])
        let connection = try asking.open()
        let (requested, presented) = (
            connection.observation.clientCertificateRequested,
            connection.observation.clientCertificatePresented
        )
        #expect(requested && !presented)
        connection.close()

        let notAsking = try OpenSSLServer([])
        let plain = try notAsking.open()
        let plainRequested = plain.observation.clientCertificateRequested
        #expect(!plainRequested)
        plain.close()
    }

    /// TLS 1.2: a server that requires a certificate refuses the empty Certificate with alert 40 in the handshake.
    @Test func tls12RefusalWithoutClientCertificate() throws {
        let server = try OpenSSLServer(["-Verify", "1", "-tls1_2"])
        let error = try #require(Self.handshakeError { () throws(TLSProbeError) in try server.open() })
        guard case .handshakeFailed(let errors, let certificateRequested, _) = error else {
            Issue.record("not a handshake failure: \(error)")
            return
        }
        #expect(certificateRequested)
        #expect(
            errors.contains(
                OpenSSLError(
                    library: ERR_LIB_SSL, reason: SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE,
                    text: "sslv3 alert handshake failure")))
        #expect(error.alert == .handshakeFailure)
        #expect(error.peerAlert == "handshake failure")
        #expect(error.description == "TLS handshake failed: sslv3 alert handshake failure")
        #expect(!error.peerIsNotTLS && !error.peerHungUp && !error.versionMismatch)
        // The server's Certificate came before its CertificateRequest: the chain is there, exactly as served
        // (s_server's -cert sends the first certificate of its file, the leaf).
        #expect(error.presentedChain == [try TestChainsFiles.presented("healthy")[0]])
    }

    /// TLS 1.3: the server judges the client's certificate after the client's Finished, so alert 116 arrives on the
    /// first read (RFC 8446 §4.4.2.4).
    @Test func tls13RefusalArrivesAfterTheHandshake() throws {
        let server = try OpenSSLServer(["-Verify", "1", "-tls1_3"])
        let connection = try server.open()
        let requested = connection.observation.clientCertificateRequested
        #expect(requested)
        let alert = try #require(connection.awaitPostHandshakeAlert(seconds: 3))
        #expect(alert.alert == .certificateRequired)
        #expect(alert.peerAlert == "certificate required")
        #expect(alert.description == "TLS handshake failed: tlsv13 alert certificate required")
    }

    @Test func serverWithoutACommonVersion() throws {
        let server = try OpenSSLServer(["-tls1_3"])
        let error = try #require(
            Self.handshakeError { () throws(TLSProbeError) in
                try server.open(versions: .tls1_2 ... .tls1_2)
            })
        #expect(error.versionMismatch)
        #expect(error.alert == .protocolVersion)
        #expect(!error.peerIsNotTLS && !error.peerHungUp)
    }

    @Test func plainTextAnswerIsNotTLS() throws {
        let peer = try OneShotPeer(reply: Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        let error = try #require(
            Self.handshakeError { () throws(TLSProbeError) in
                try TLSConnection.open(
                    host: "127.0.0.1", port: peer.port,
                    options: TLSClientOptions(serverName: nil, timeoutSeconds: 5))
            })
        #expect(error.peerIsNotTLS, "\(error.openSSLErrors)")
        #expect(error.alert == nil && !error.versionMismatch)
    }

    @Test func silentHangUpIsPeerHungUp() throws {
        let peer = try OneShotPeer(reply: [])
        let error = try #require(
            Self.handshakeError { () throws(TLSProbeError) in
                try TLSConnection.open(
                    host: "127.0.0.1", port: peer.port,
                    options: TLSClientOptions(serverName: nil, timeoutSeconds: 5))
            })
        #expect(error.peerHungUp, "\(error.openSSLErrors)")
        #expect(error.alert == nil && !error.peerIsNotTLS && !error.versionMismatch)
    }
}
