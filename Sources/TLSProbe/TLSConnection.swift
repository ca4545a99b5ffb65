internal import COpenSSL
internal import COpenSSLShims
import Glibc

/// A TLS protocol version, with OpenSSL's constant for it.
public enum TLSProtocolVersion: String, Sendable, CaseIterable, Comparable, Codable {
    case tls1_0 = "TLSv1", tls1_1 = "TLSv1.1", tls1_2 = "TLSv1.2", tls1_3 = "TLSv1.3"

    var openSSLValue: Int32 {
        switch self {
        case .tls1_0: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }

    /// "TLS 1.2": how people write it.
    public var displayName: String {
        switch self {
        case .tls1_0: "TLS 1.0"
        case .tls1_1: "TLS 1.1"
        case .tls1_2: "TLS 1.2"
        case .tls1_3: "TLS 1.3"
        }
    }

    /// Parses what mosquitto_sub's --tls-version takes ("tlsv1.2") as well as "1.2" and OpenSSL's "TLSv1.2".
    public init?(userText: String) {
        var text = Substring(userText.lowercased())
        for prefix in ["tlsv", "tls"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count)
            break
        }
        switch text {
        case "1", "1.0": self = .tls1_0
        case "1.1": self = .tls1_1
        case "1.2": self = .tls1_2
        case "1.3": self = .tls1_3
        default: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.openSSLValue < rhs.openSSLValue }
}

/// A client certificate to present (`--cert`, `--key`), as PEM files.
public struct ClientCertificate: Sendable, Equatable {
    public var certificateFile: String
    public var keyFile: String
    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}

/// Options for one client handshake.
public struct TLSClientOptions: Sendable {
    /// The SNI name to send; nil sends none (an IP literal never carries SNI, RFC 6066 §3).
    public var serverName: String?
    /// Bounds each of connect, handshake, and every later read or write.
    public var timeoutSeconds: Double
    /// The versions offered; nil leaves OpenSSL's defaults (TLS 1.2 and 1.3 at security level 2).
    public var versions: ClosedRange<TLSProtocolVersion>?
    /// Security level 0 and every cipher: needed to offer TLS 1.0 or 1.1 at all with OpenSSL 3. Only for
    /// the contexts that probe legacy versions.
    public var legacySecurity: Bool
    /// The TLS 1.2 cipher list (SSL_CTX_set_cipher_list(3)), as the client is configured; `@SECLEVEL=n` in it sets
    /// the security level as it does for mosquitto_sub. Ignored with `legacySecurity`.
    public var ciphers: String?
    /// ALPN protocols to offer (RFC 7301), in order; empty offers none.
    public var alpn: [String]
    public var clientCertificate: ClientCertificate?
    /// Ask for a stapled OCSP response (RFC 6066 §8).
    public var requestOCSPStaple: Bool

    public init(
        serverName: String?, timeoutSeconds: Double, versions: ClosedRange<TLSProtocolVersion>? = nil,
        legacySecurity: Bool = false, alpn: [String] = [], clientCertificate: ClientCertificate? = nil,
        requestOCSPStaple: Bool = false, ciphers: String? = nil
    ) {
        self.serverName = serverName
        self.timeoutSeconds = timeoutSeconds
        self.versions = versions
        self.legacySecurity = legacySecurity
        self.alpn = alpn
        self.clientCertificate = clientCertificate
        self.requestOCSPStaple = requestOCSPStaple
        self.ciphers = ciphers
    }
}

/// What OpenSSL's callbacks learn about one connection during its handshake.
final class HandshakeState {
    /// The server sent a CertificateRequest (RFC 8446 §4.3.2, RFC 5246 §7.4.4).
    var certificateRequested = false
    /// The server's Certificate message, DER, in the order sent, copied when OpenSSL hands it over for
    /// verification: before the handshake goes on, so it is there whatever the handshake's fate.
    var presentedChain: [[UInt8]] = []

    /// Kept as the `SSL*`'s application data (ex_data index 0), unretained: the connection that owns both frees
    /// the `SSL*` while it still holds this object.
    func attach(to ssl: OpaquePointer) {
        SSL_set_ex_data(ssl, 0, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The state of the connection whose chain a verify callback sees (SSL_get_ex_data_X509_STORE_CTX_idx(3)).
    static func of(storeContext: OpaquePointer) -> HandshakeState? {
        guard let ssl = X509_STORE_CTX_get_ex_data(storeContext, SSL_get_ex_data_X509_STORE_CTX_idx()),
            let state = SSL_get_ex_data(OpaquePointer(ssl), 0)
        else { return nil }
        return Unmanaged<HandshakeState>.fromOpaque(state).takeUnretainedValue()
    }
}

/// What a server's hello says: the version and cipher it chose (`TLSConnection.serverHello`).
public struct ServerHello: Sendable, Equatable {
    public var protocolVersion: String
    public var cipher: String
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
    /// What `ssl`'s callbacks record. Owned here, not by the `SSL*`: the callback gets it unretained as its `arg`,
    /// which stays valid because `ssl` is freed (in deinit, or on the failure path of init) while this
    /// reference still holds it.
    private let handshake: HandshakeState
    private var closed = false
    /// What the handshake showed.
    public let observation: HandshakeObservation

    /// Connects, handshakes, and captures the presented chain. Throws when any step fails or times out.
    public static func open(
        host: String, port: UInt16, options: TLSClientOptions
    ) throws(TLSProbeError)
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

    private init(
        fd: Int32, address: String, options: TLSClientOptions, tcpMilliseconds: Double
    )
        throws(TLSProbeError)
    {
        let context = try ClientContexts.context(for: options)
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw .openSSL("SSL_new failed: \(OpenSSLErrorQueue.drainText().joined(separator: "; "))")
        }
        let handshake = HandshakeState()
        self.context = context
        self.ssl = ssl
        self.fd = fd
        self.timeoutSeconds = options.timeoutSeconds
        self.handshake = handshake
        Self.prepare(ssl, fd: fd, options: options, handshake: handshake)

        let handshakeWatch = Stopwatch()
        let deadline = Deadline(secondsFromNow: options.timeoutSeconds)
        do {
            try Self.drive(ssl: ssl, fd: fd, phase: .tls, deadline: deadline) { SSL_connect(ssl) }
        } catch {
            SSL_free(ssl)
            SSL_CTX_free(context)
            if case .handshakeFailed(let errors, _, _) = error {
                throw .handshakeFailed(
                    errors: errors, certificateRequested: handshake.certificateRequested,
                    presentedChain: handshake.presentedChain)
            }
            throw error
        }
        let handshakeMilliseconds = handshakeWatch.elapsedMilliseconds
        Self.acknowledgeAtOnce(fd)

        self.observation = HandshakeObservation(
            connectedAddress: address,
            serverName: options.serverName,
            protocolVersion: String(cString: SSL_get_version(ssl)),
            cipher: SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
                ?? "",
            presentedChain: Self.copyPresentedChain(ssl),
            acceptableClientCANames: Self.copyClientCANames(ssl),
            clientCertificateRequested: handshake.certificateRequested,
            clientCertificatePresented: options.clientCertificate != nil && handshake.certificateRequested,
            alpnSelected: Self.selectedALPN(ssl),
            ocspStaple: options.requestOCSPStaple ? OCSPStaple.read(ssl) : nil,
            tcpMilliseconds: tcpMilliseconds,
            handshakeMilliseconds: handshakeMilliseconds
        )
    }

    /// What every client `SSL*` gets before its handshake: the callbacks' state, the socket, SNI, OCSP and ALPN.
    private static func prepare(_ ssl: OpaquePointer, fd: Int32, options: TLSClientOptions, handshake: HandshakeState) {
        handshake.attach(to: ssl)
        // Called when the server sends a CertificateRequest, whether or not a certificate is configured
        // (SSL_set_cert_cb(3)): record it and carry on.
        SSL_set_cert_cb(
            ssl,
            { _, arg in
                if let arg {
                    Unmanaged<HandshakeState>.fromOpaque(arg).takeUnretainedValue().certificateRequested = true
                }
                return 1
            }, Unmanaged.passUnretained(handshake).toOpaque())
        _ = cd_SSL_set_mode_partial_write(ssl)
        SSL_set_fd(ssl, fd)
        if let name = options.serverName, !name.isEmpty {
            _ = cd_SSL_set_tlsext_host_name(ssl, name)
        }
        if options.requestOCSPStaple { _ = cd_SSL_set_tlsext_status_type_ocsp(ssl) }
        if !options.alpn.isEmpty {
            // RFC 7301 §3.1: each protocol as a length byte and its bytes.
            let wire = options.alpn.flatMap { [UInt8(clamping: $0.utf8.count)] + Array($0.utf8.prefix(255)) }
            _ = SSL_set_alpn_protos(ssl, wire, UInt32(wire.count))
        }
    }

    /// Connects and handshakes only as far as the server's hello: the version and cipher it chose, which is all a
    /// version survey asks. The handshake stops at the server's Certificate message, refused by its size before
    /// OpenSSL decodes anything in it (SSL_set_max_cert_list(3) of one byte: "excessive message size"), so the
    /// certificates, the key exchange and the Finished messages a full handshake would cost are not spent again
    /// for what the main handshake already showed. A server that asks for a client certificate gets that far too:
    /// the version is accepted whatever it then requires.
    public static func serverHello(
        host: String, port: UInt16, options: TLSClientOptions
    ) throws(TLSProbeError) -> ServerHello {
        let deadline = Deadline(secondsFromNow: options.timeoutSeconds)
        let connected = try TCPConnector.connect(host: host, port: port, deadline: deadline)
        defer { Glibc.close(connected.fd) }
        let context = try ClientContexts.context(for: options)
        defer { SSL_CTX_free(context) }
        guard let ssl = SSL_new(context) else {
            throw .openSSL("SSL_new failed: \(OpenSSLErrorQueue.drainText().joined(separator: "; "))")
        }
        defer { SSL_free(ssl) }
        let handshake = HandshakeState()
        return try withExtendedLifetime(handshake) { () throws(TLSProbeError) -> ServerHello in
            prepare(ssl, fd: connected.fd, options: options, handshake: handshake)
            _ = cd_SSL_set_max_cert_list(ssl, 1)
            do throws(TLSProbeError) {
                try drive(ssl: ssl, fd: connected.fd, phase: .tls, deadline: deadline) { SSL_connect(ssl) }
            } catch {
                // The stop above, after a hello that OpenSSL accepted: anything else is the server's answer.
                guard case .handshakeFailed(let errors, _, _) = error,
                    errors.contains(where: { $0.isSSL(SSL_R_EXCESSIVE_MESSAGE_SIZE) }),
                    Self.chosenCipher(ssl) != nil
                else {
                    if case .handshakeFailed(let errors, _, _) = error {
                        throw .handshakeFailed(errors: errors, certificateRequested: handshake.certificateRequested)
                    }
                    throw error
                }
            }
            return ServerHello(protocolVersion: String(cString: SSL_get_version(ssl)), cipher: chosenCipher(ssl) ?? "")
        }
    }

    /// The cipher of the server's hello: pending until the keys change over in TLS 1.2 (SSL_get_pending_cipher(3)),
    /// current from then on and in TLS 1.3.
    private static func chosenCipher(_ ssl: OpaquePointer) -> String? {
        (SSL_get_pending_cipher(ssl) ?? SSL_get_current_cipher(ssl)).flatMap { SSL_CIPHER_get_name($0) }
            .map { String(cString: $0) }
    }

    private static func selectedALPN(_ ssl: OpaquePointer) -> String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// Waits briefly for what the server says unprompted after the handshake. In TLS 1.3 a server that requires
    /// a client certificate judges it only after the client's Finished, so its refusal (alert 116
    /// certificate_required, 48 unknown_ca, ...) arrives on the first read, not from SSL_connect.
    /// Returns the failure, or nil when nothing but session tickets arrived within `seconds`.
    public func awaitPostHandshakeAlert(seconds: Double) -> TLSProbeError? {
        var buffer = [UInt8](repeating: 0, count: 1)
        let deadline = Deadline(secondsFromNow: seconds)
        let outcome = buffer.withUnsafeMutableBytes { raw -> Result<Void, TLSProbeError> in
            Result { () throws(TLSProbeError) in
                try Self.drive(ssl: ssl, fd: fd, phase: .tls, deadline: deadline) {
                    SSL_peek(self.ssl, raw.baseAddress, 1)
                }
            }
        }
        switch outcome {
        case .success, .failure(.timedOut): return nil
        case .failure(let error): return error
        }
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
        Self.shutdown(ssl: ssl, fd: fd)
    }

    /// close_notify, best effort (the peer may be gone: SIGPIPE is ignored), then the socket closed.
    static func shutdown(ssl: OpaquePointer, fd: Int32) {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
        Glibc.close(fd)
    }

    /// Writes all of `bytes`, within the timeout.
    public func write(_ bytes: [UInt8], phase: ProbePhase = .mqtt) throws(TLSProbeError) {
        try Self.write(bytes, ssl: ssl, fd: fd, phase: phase, deadline: Deadline(secondsFromNow: timeoutSeconds))
    }

    /// SSL_write until all of `bytes` went, within `deadline`: the client's and the lab's server side alike.
    static func write(
        _ bytes: [UInt8], ssl: OpaquePointer, fd: Int32, phase: ProbePhase, deadline: Deadline
    ) throws(TLSProbeError) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let outcome = bytes.withUnsafeBytes { raw -> Result<Int32, TLSProbeError> in
                let base = raw.baseAddress!.advanced(by: start)
                let count = Int32(clamping: raw.count - start)
                var written: Int32 = 0
                return Result { () throws(TLSProbeError) in
                    try drive(ssl: ssl, fd: fd, phase: phase, deadline: deadline) {
                        written = SSL_write(ssl, base, count)
                        return written
                    }
                    return written
                }
            }
            offset += Int(try outcome.get())
        }
    }

    /// TCP_QUICKACK (Linux): acknowledge what arrives at once rather than after the delayed-ACK timer. mosquitto
    /// sends its CONNACK only once the client has acknowledged the TLS 1.3 session tickets; with delayed ACKs that
    /// costs every probe about 40 ms. The kernel leaves quick-ACK mode on its own, hence before each read.
    static func acknowledgeAtOnce(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads what arrives next (up to `maximum` bytes) within the timeout.
    /// Returns an empty array when the peer closed the connection cleanly.
    public func read(maximum: Int = 16_384, phase: ProbePhase = .mqtt) throws(TLSProbeError) -> [UInt8] {
        Self.acknowledgeAtOnce(fd)
        return try Self.read(
            maximum: maximum, ssl: ssl, fd: fd, phase: phase, deadline: Deadline(secondsFromNow: timeoutSeconds))
    }

    /// One SSL_read within `deadline`; empty when the peer closed cleanly.
    static func read(
        maximum: Int, ssl: OpaquePointer, fd: Int32, phase: ProbePhase, deadline: Deadline
    ) throws(TLSProbeError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        var count: Int32 = 0
        let outcome = buffer.withUnsafeMutableBytes { raw -> Result<Void, TLSProbeError> in
            Result { () throws(TLSProbeError) in
                try drive(ssl: ssl, fd: fd, phase: phase, deadline: deadline) {
                    count = SSL_read(ssl, raw.baseAddress, Int32(clamping: raw.count))
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
    static func drive(
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
                // errno first: draining the queue may make system calls of its own.
                let systemError = errno
                let queued = OpenSSLErrorQueue.drain()
                let errors = queued.isEmpty ? [Self.socketError(systemError)] : queued
                if phase == .tls { throw .handshakeFailed(errors: errors) }
                if queued.isEmpty && (systemError == 0 || systemError == ECONNRESET) {
                    throw .closedByPeer(phase: phase)
                }
                throw .ioFailed(phase: phase, reason: errors.map(\.text).joined(separator: "; "), errors: errors)
            default:
                let errors = OpenSSLErrorQueue.drain()
                if phase == .tls { throw .handshakeFailed(errors: errors) }
                let reason = errors.isEmpty ? "SSL error \(error)" : errors.map(\.text).joined(separator: "; ")
                throw .ioFailed(phase: phase, reason: reason, errors: errors)
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

    /// SSL_ERROR_SYSCALL with an empty queue: the socket's errno as an `ERR_LIB_SYS` entry, the way OpenSSL 3
    /// queues system errors itself; errno 0 means the stream ended without close_notify (SSL_get_error(3)).
    static func socketError(_ code: Int32) -> OpenSSLError {
        OpenSSLError(
            library: ERR_LIB_SYS, reason: code,
            text: code == 0 ? "the peer closed the connection" : String(cString: strerror(code)))
    }

    /// Copies the peer chain out as DER while the SSL object lives; the stack is not reference-counted.
    private static func copyPresentedChain(_ ssl: OpaquePointer) -> [[UInt8]] {
        guard let stack = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<cd_sk_X509_num(stack)).compactMap { index in
            cd_sk_X509_value(stack, index).flatMap(RecentCertificates.encodeRemembering)
        }
    }

    private static func copyClientCANames(_ ssl: OpaquePointer) -> [[UInt8]] {
        guard let stack = SSL_get_client_CA_list(ssl) else { return [] }
        return (0..<cd_sk_X509_NAME_num(stack)).compactMap { index in
            cd_sk_X509_NAME_value(stack, index).flatMap(DER.encode(name:))
        }
    }
}
