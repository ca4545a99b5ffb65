internal import COpenSSL
internal import COpenSSLShims
import Glibc

/// How the lab's server side serves TLS: a certfile sent exactly as written (no chain completed from a store),
/// optionally client certificates checked against a CA file, the TLS versions and cipher list of a broker's
/// listener.
public struct TLSServerOptions: Sendable {
    public var certificateFile: String
    public var keyFile: String
    /// CA file for client certificates; with `requireClientCertificate`, a client without one is refused.
    public var clientCAFile: String?
    public var requireClientCertificate: Bool
    public var versions: ClosedRange<TLSProtocolVersion>?
    /// An OpenSSL cipher string (`DEFAULT:@SECLEVEL=0` lets a weak key or TLS 1.1 be served at all).
    public var ciphers: String?

    public init(
        certificateFile: String, keyFile: String, clientCAFile: String? = nil, requireClientCertificate: Bool = false,
        versions: ClosedRange<TLSProtocolVersion>? = nil, ciphers: String? = nil
    ) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.requireClientCertificate = requireClientCertificate
        self.versions = versions
        self.ciphers = ciphers
    }
}

/// One server `SSL_CTX`, configured once and shared by every connection of a listener (SSL_new on a configured
/// context is thread-safe). The server side exists for `chaindoctor lab`: it is a test and teaching peer.
public final class TLSServerContext: @unchecked Sendable {
    private let context: OpaquePointer

    public init(_ options: TLSServerOptions) throws(TLSProbeError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .openSSL("SSL_CTX_new failed: \(OpenSSLErrorQueue.drainText().joined(separator: "; "))")
        }
        do {
            try Self.configure(context, options)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.context = context
    }

    private static func configure(_ context: OpaquePointer, _ options: TLSServerOptions) throws(TLSProbeError) {
        if let versions = options.versions {
            _ = cd_SSL_CTX_set_min_proto_version(context, versions.lowerBound.openSSLValue)
            _ = cd_SSL_CTX_set_max_proto_version(context, versions.upperBound.openSSLValue)
        }
        // Before the certificate: at the default security level OpenSSL refuses to load a weak key at all.
        if let ciphers = options.ciphers, SSL_CTX_set_cipher_list(context, ciphers) != 1 {
            throw .invalidInput("the cipher list '\(ciphers)' is not one OpenSSL can use")
        }
        _ = cd_SSL_CTX_set_mode_no_auto_chain(context)
        SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
        guard SSL_CTX_use_certificate_chain_file(context, options.certificateFile) == 1 else {
            let reason = OpenSSLErrorQueue.drainText().first ?? "unreadable"
            throw .invalidInput("cannot load certfile \(options.certificateFile): \(reason)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, options.keyFile, SSL_FILETYPE_PEM) == 1,
            SSL_CTX_check_private_key(context) == 1
        else {
            let reason = OpenSSLErrorQueue.drainText().first ?? "unreadable or not the certfile's"
            throw .invalidInput("cannot load keyfile \(options.keyFile): \(reason)")
        }
        var verify = SSL_VERIFY_NONE
        if let caFile = options.clientCAFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw .invalidInput("cannot load the client CA file \(caFile)")
            }
            if let names = SSL_load_client_CA_file(caFile) { SSL_CTX_set_client_CA_list(context, names) }
            verify = SSL_VERIFY_PEER | (options.requireClientCertificate ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0)
        }
        SSL_CTX_set_verify(context, verify, nil)
    }

    /// The TLS handshake on an accepted socket, within `timeoutSeconds`; each read after it may wait
    /// `readSeconds`. The connection owns `fd` from here on, and closes it on failure too.
    public func accept(
        fd: Int32, timeoutSeconds: Double, readSeconds: Double
    ) throws(TLSProbeError)
        -> TLSServerConnection
    {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context) else {
            Glibc.close(fd)
            throw .openSSL("SSL_new failed")
        }
        let connection = TLSServerConnection(ssl: ssl, fd: fd, timeoutSeconds: readSeconds)
        _ = cd_SSL_set_mode_partial_write(ssl)
        SSL_set_fd(ssl, fd)
        try TLSConnection.drive(
            ssl: ssl, fd: fd, phase: .tls, deadline: Deadline(secondsFromNow: timeoutSeconds)
        ) { SSL_accept(ssl) }
        connection.version = String(cString: SSL_get_version(ssl))
        return connection
    }

    deinit { SSL_CTX_free(context) }
}

/// One accepted TLS connection of the lab, as a `ByteChannel` the MQTT responder reads and writes.
public final class TLSServerConnection: ByteChannel {
    private let ssl: OpaquePointer
    private let fd: Int32
    private let timeoutSeconds: Double
    private var closed = false
    /// The negotiated version ("TLSv1.3").
    public internal(set) var version = ""

    init(ssl: OpaquePointer, fd: Int32, timeoutSeconds: Double) {
        self.ssl = ssl
        self.fd = fd
        self.timeoutSeconds = timeoutSeconds
    }

    public func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError) {
        try TLSConnection.write(
            bytes, ssl: ssl, fd: fd, phase: phase, deadline: Deadline(secondsFromNow: timeoutSeconds))
    }

    public func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8] {
        try TLSConnection.read(
            maximum: maximum, ssl: ssl, fd: fd, phase: phase, deadline: Deadline(secondsFromNow: timeoutSeconds))
    }

    public func close() {
        guard !closed else { return }
        closed = true
        TLSConnection.shutdown(ssl: ssl, fd: fd)
    }

    deinit {
        close()
        SSL_free(ssl)
    }
}
