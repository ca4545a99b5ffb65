internal import COpenSSL
import Glibc

/// Why a probe could not observe what it set out to observe.
///
/// Every case carries a message a person can act on; `phase` says which step failed so the report can
/// mark the phases that ran and the ones that did not.
public enum TLSProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve (getaddrinfo(3)).
    case resolutionFailed(host: String, reason: String)
    /// No address accepted a TCP connection.
    case connectionFailed(address: String, reason: String)
    /// A step did not finish within the timeout.
    case timedOut(phase: ProbePhase, seconds: Double)
    /// The TLS handshake failed; `errors` is OpenSSL's error queue, oldest first, or the socket error when the
    /// queue was empty (`ERR_LIB_SYS`, errno; errno 0 for an end of stream). `certificateRequested` says the
    /// server had sent a CertificateRequest before it failed (TLS 1.2 brokers that require a client certificate
    /// refuse with "handshake failure" there). `presentedChain` is the server's certificate chain, DER, when its
    /// Certificate message arrived before the failure (over TLS 1.2 it precedes the CertificateRequest).
    case handshakeFailed(errors: [OpenSSLError], certificateRequested: Bool = false, presentedChain: [[UInt8]] = [])
    /// The peer closed the connection during the named phase.
    case closedByPeer(phase: ProbePhase)
    /// A read or write on the established channel failed. `errors` is OpenSSL's error queue (or the socket error)
    /// when the TLS layer failed, empty for failures above it (WebSocket framing, say).
    case ioFailed(phase: ProbePhase, reason: String, errors: [OpenSSLError] = [])
    /// Loading or parsing input for OpenSSL failed (a trust store, a certificate).
    case invalidInput(String)
    /// OpenSSL itself failed in a way that is not about the peer (allocation, context set-up).
    case openSSL(String)

    public var description: String {
        switch self {
        case .resolutionFailed(let host, let reason):
            return "cannot resolve \(host): \(reason)"
        case .connectionFailed(let address, let reason):
            return "cannot connect to \(address): \(reason)"
        case .timedOut(let phase, let seconds):
            return "\(phase.rawValue) step timed out after \(Self.format(seconds)) s"
        case .handshakeFailed(let errors, _, _):
            let text = errors.isEmpty ? "the peer closed the connection" : errors.map(\.text).joined(separator: "; ")
            return "TLS handshake failed: \(text)"
        case .closedByPeer(let phase):
            return "the peer closed the connection during the \(phase.rawValue) step"
        case .ioFailed(let phase, let reason, _):
            return "\(phase.rawValue) step failed: \(reason)"
        case .invalidInput(let message):
            return message
        case .openSSL(let message):
            return "OpenSSL: \(message)"
        }
    }

    /// The chain the server presented before the handshake failed; empty when none arrived.
    public var presentedChain: [[UInt8]] {
        guard case .handshakeFailed(_, _, let chain) = self else { return [] }
        return chain
    }

    /// The phase in which the failure happened.
    public var phase: ProbePhase {
        switch self {
        case .resolutionFailed, .connectionFailed: return .tcp
        case .timedOut(let phase, _), .closedByPeer(let phase), .ioFailed(let phase, _, _): return phase
        case .handshakeFailed: return .tls
        case .invalidInput, .openSSL: return .verify
        }
    }

    public static func format(_ seconds: Double) -> String {
        if seconds == seconds.rounded() { return String(Int(seconds)) }
        // Tenths are what a person reads ("2.9 s"); a step given the rest of --timeout has an odd length.
        let tenths = (seconds * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}

/// The steps of a probe, in order.
public enum ProbePhase: String, Sendable, Equatable, CaseIterable {
    case tcp, tls, verify, mqtt
}

extension TLSProbeError {
    /// OpenSSL's error queue behind this failure, oldest first; empty when OpenSSL did not fail.
    public var openSSLErrors: [OpenSSLError] {
        switch self {
        case .handshakeFailed(let errors, _, _), .ioFailed(_, _, let errors): errors
        default: []
        }
    }

    /// The TLS alert the peer sent, when that is why it failed: the first libssl reason at or above
    /// `SSL_AD_REASON_OFFSET` (ssl.h), which is how libssl queues a received fatal alert.
    public var alert: TLSAlert? {
        openSSLErrors.lazy.compactMap(\.alert).first
    }

    /// The TLS alert the peer sent, as OpenSSL names it ("unknown ca", "certificate required",
    /// "handshake failure", "protocol version", "no application protocol"), when that is why it failed.
    public var peerAlert: String? {
        alert?.name
    }

    /// The answer to the ClientHello was certainly not TLS: bytes that are no TLS record (RFC 8446 §5.1), an HTTP
    /// request, or a record of a protocol libssl does not know.
    public var peerIsNotTLS: Bool {
        guard case .handshakeFailed(let errors, _, _) = self else { return false }
        return errors.contains {
            $0.isSSL(
                SSL_R_WRONG_VERSION_NUMBER, SSL_R_PACKET_LENGTH_TOO_LONG, Self.recordLayerFailure,
                SSL_R_HTTP_REQUEST, SSL_R_UNKNOWN_PROTOCOL)
        }
    }

    /// The peer ended the connection without an alert: a plain-text service that gave up on the ClientHello,
    /// or a TLS server that drops what it dislikes. Worth asking in plain text, not proof of anything.
    /// libssl says so with SSL_R_UNEXPECTED_EOF_WHILE_READING, or with SSL_ERROR_SYSCALL and errno 0 (end of
    /// stream), ECONNRESET or EPIPE (SSL_get_error(3), BUGS).
    public var peerHungUp: Bool {
        guard case .handshakeFailed(let errors, _, _) = self else { return false }
        return errors.contains { error in
            if error.isSSL(SSL_R_UNEXPECTED_EOF_WHILE_READING) { return true }
            guard let code = error.systemError else { return false }
            return code == 0 || code == ECONNRESET || code == EPIPE
        }
    }

    /// This client and the server share no protocol version (OpenSSL refuses the ServerHello's version, or the
    /// server found none it accepts in the ClientHello and sent alert 70 protocol_version, RFC 8446 §4.2.1).
    public var versionMismatch: Bool {
        guard case .handshakeFailed(let errors, _, _) = self else { return false }
        return errors.contains {
            $0.isSSL(
                SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_NO_PROTOCOLS_AVAILABLE, SSL_R_WRONG_SSL_VERSION,
                SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED)
                || $0.alert == .protocolVersion
        }
    }

    /// SSL_R_RECORD_LAYER_FAILURE: OpenSSL 3.2 and later queue it behind the specific record error (packed code
    /// 0x0A000139). OpenSSL 3.0's sslerr.h lacks the constant, and reason numbers are never reused, so it is
    /// written out here.
    static let recordLayerFailure: Int32 = 313
}
