import Glibc
internal import COpenSSL
internal import COpenSSLShims

/// Options for one client handshake.
public struct TLSClientOptions: Sendable {
    /// The SNI name to send; nil sends none (an IP literal never carries SNI, RFC 6066 §3).
    public var serverName: String?
    /// Bounds each of connect, handshake, and every later read or write.
    public var timeoutSeconds: Double

    public init(serverName: String?, timeoutSeconds: Double) {
        self.serverName = serverName
        self.timeoutSeconds = timeoutSeconds
    }
}

/// One TLS connection through OpenSSL: the owner of the socket, the `SSL_CTX*` and the `SSL*`.
///
/// The handshake runs with `SSL_VERIFY_NONE` on purpose: a diagnosis needs the chain a verifying client
/// would reject, so it captures first and judges after (see `OpenSSLVerifier`). Nothing sensitive is sent
/// over the channel by this type; callers decide that after verification.
public final class TLSConnection {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let fd: Int32
    private let timeoutSeconds: Double
    private var closed = false
    /// What the handshake showed.
    public let observation: HandshakeObservation

    /// Connects, handshakes, and captures the presented chain. Throws when any step fails or times out.
    public static func open(host: String, port: UInt16, options: TLSClientOptions) throws(TLSProbeError)
        -> TLSConnection
    {
        let tcpWatch = Stopwatch()
        let connected = try TCPConnector.connect(
            host: host, port: port, deadline: Deadline(secondsFromNow: options.timeoutSeconds))
        let tcpMilliseconds = tcpWatch.elapsedMilliseconds
        do {
            return try TLSConnection(
                fd: connected.fd, address: connected.address, options: options, tcpMilliseconds: tcpMilliseconds)
        } catch {
            Glibc.close(connected.fd)
            throw error
        }
    }

    private init(fd: Int32, address: String, options: TLSClientOptions, tcpMilliseconds: Double)
        throws(TLSProbeError)
    {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .openSSL("SSL_CTX_new failed: \(OpenSSLErrorQueue.drain().joined(separator: "; "))")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        // Record that the server sent a CertificateRequest; present no certificate (yet).
        SSL_CTX_set_client_cert_cb(context) { ssl, _, _ in
            if let ssl { _ = cd_SSL_set_app_data(ssl, UnsafeMutableRawPointer(bitPattern: 1)) }
            return 0
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw .openSSL("SSL_new failed: \(OpenSSLErrorQueue.drain().joined(separator: "; "))")
        }
        self.context = context
        self.ssl = ssl
        self.fd = fd
        self.timeoutSeconds = options.timeoutSeconds
        _ = cd_SSL_set_mode_partial_write(ssl)
        SSL_set_fd(ssl, fd)
        if let name = options.serverName, !name.isEmpty {
            _ = cd_SSL_set_tlsext_host_name(ssl, name)
        }

        let handshakeWatch = Stopwatch()
        let deadline = Deadline(secondsFromNow: options.timeoutSeconds)
        do {
            try Self.drive(ssl: ssl, fd: fd, phase: .tls, deadline: deadline) { SSL_connect(ssl) }
        } catch {
            SSL_free(ssl)
            SSL_CTX_free(context)
            throw error
        }
        let handshakeMilliseconds = handshakeWatch.elapsedMilliseconds

        self.observation = HandshakeObservation(
            connectedAddress: address,
            serverName: options.serverName,
            protocolVersion: String(cString: SSL_get_version(ssl)),
            cipher: SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
                ?? "",
            presentedChain: Self.copyPresentedChain(ssl),
            acceptableClientCANames: Self.copyClientCANames(ssl),
            clientCertificateRequested: cd_SSL_get_app_data(ssl) != nil,
            tcpMilliseconds: tcpMilliseconds,
            handshakeMilliseconds: handshakeMilliseconds
        )
    }

    deinit {
        close()
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Sends close_notify (best effort) and closes the socket. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
        Glibc.close(fd)
    }

    /// Writes all of `bytes`, within the timeout.
    public func write(_ bytes: [UInt8], phase: ProbePhase = .mqtt) throws(TLSProbeError) {
        let deadline = Deadline(secondsFromNow: timeoutSeconds)
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let outcome = bytes.withUnsafeBytes { raw -> Result<Int32, TLSProbeError> in
                let base = raw.baseAddress!.advanced(by: start)
                let count = Int32(clamping: raw.count - start)
                var written: Int32 = 0
                return Result { () throws(TLSProbeError) in
                    try Self.drive(ssl: ssl, fd: fd, phase: phase, deadline: deadline) {
                        written = SSL_write(self.ssl, base, count)
                        return written
                    }
                    return written
                }
            }
            offset += Int(try outcome.get())
        }
    }

    /// Reads what arrives next (up to `maximum` bytes) within the timeout.
    /// Returns an empty array when the peer closed the connection cleanly.
    public func read(maximum: Int = 16_384, phase: ProbePhase = .mqtt) throws(TLSProbeError) -> [UInt8] {
        let deadline = Deadline(secondsFromNow: timeoutSeconds)
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        var count: Int32 = 0
        let outcome = buffer.withUnsafeMutableBytes { raw -> Result<Void, TLSProbeError> in
            Result { () throws(TLSProbeError) in
                try Self.drive(ssl: ssl, fd: fd, phase: phase, deadline: deadline) {
                    count = SSL_read(self.ssl, raw.baseAddress, Int32(clamping: raw.count))
                    return count
                }
            }
        }
        switch outcome {
        case .success: return Array(buffer.prefix(Int(count)))
        case .failure(.closedByPeer): return []
        case .failure(let error): throw error
        }
    }

    /// Runs an OpenSSL I/O call until it succeeds, fails, or the deadline passes (SSL_get_error(3)).
    private static func drive(
        ssl: OpaquePointer, fd: Int32, phase: ProbePhase, deadline: Deadline, _ operation: () -> Int32
    ) throws(TLSProbeError) {
        while true {
            OpenSSLErrorQueue.clear()
            let rc = operation()
            if rc > 0 { return }
            let error = SSL_get_error(ssl, rc)
            let events: Int16
            switch error {
            case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
            case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
            case SSL_ERROR_ZERO_RETURN:
                throw .closedByPeer(phase: phase)
            case SSL_ERROR_SYSCALL:
                let reasons = OpenSSLErrorQueue.drain()
                let systemError = errno
                if phase == .tls {
                    throw .handshakeFailed(
                        reasons: reasons.isEmpty
                            ? [systemError == 0 ? "the peer closed the connection" : String(cString: strerror(systemError))]
                            : reasons)
                }
                if reasons.isEmpty && (systemError == 0 || systemError == ECONNRESET) {
                    throw .closedByPeer(phase: phase)
                }
                throw .ioFailed(
                    phase: phase, reason: reasons.isEmpty ? String(cString: strerror(systemError)) : reasons.joined(separator: "; "))
            default:
                let reasons = OpenSSLErrorQueue.drain()
                if phase == .tls { throw .handshakeFailed(reasons: reasons) }
                throw .ioFailed(phase: phase, reason: reasons.isEmpty ? "SSL error \(error)" : reasons.joined(separator: "; "))
            }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            while true {
                let ready = poll(&pfd, 1, deadline.remainingMilliseconds)
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { throw .timedOut(phase: phase, seconds: deadline.seconds) }
                break
            }
        }
    }

    /// Copies the peer chain out as DER while the SSL object lives; the stack is not reference-counted.
    private static func copyPresentedChain(_ ssl: OpaquePointer) -> [[UInt8]] {
        guard let stack = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<cd_sk_X509_num(stack)).compactMap { index in
            cd_sk_X509_value(stack, index).flatMap(DER.encode(certificate:))
        }
    }

    private static func copyClientCANames(_ ssl: OpaquePointer) -> [[UInt8]] {
        guard let stack = SSL_get_client_CA_list(ssl) else { return [] }
        return (0..<cd_sk_X509_NAME_num(stack)).compactMap { index in
            cd_sk_X509_NAME_value(stack, index).flatMap(DER.encode(name:))
        }
    }
}
