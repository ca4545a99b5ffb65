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
    /// The TLS handshake failed; `reasons` is OpenSSL's error queue, oldest first. `certificateRequested`
    /// says the server had sent a CertificateRequest before it failed (TLS 1.2 brokers that require a
    /// client certificate refuse with "handshake failure" there).
    case handshakeFailed(reasons: [String], certificateRequested: Bool = false)
    /// The peer closed the connection during the named phase.
    case closedByPeer(phase: ProbePhase)
    /// A read or write on the established channel failed.
    case ioFailed(phase: ProbePhase, reason: String)
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
        case .handshakeFailed(let reasons, _):
            let text = reasons.isEmpty ? "the peer closed the connection" : reasons.joined(separator: "; ")
            return "TLS handshake failed: \(text)"
        case .closedByPeer(let phase):
            return "the peer closed the connection during the \(phase.rawValue) step"
        case .ioFailed(let phase, let reason):
            return "\(phase.rawValue) step failed: \(reason)"
        case .invalidInput(let message):
            return message
        case .openSSL(let message):
            return "OpenSSL: \(message)"
        }
    }

    /// The phase in which the failure happened.
    public var phase: ProbePhase {
        switch self {
        case .resolutionFailed, .connectionFailed: return .tcp
        case .timedOut(let phase, _), .closedByPeer(let phase), .ioFailed(let phase, _): return phase
        case .handshakeFailed: return .tls
        case .invalidInput, .openSSL: return .verify
        }
    }

    public static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// The steps of a probe, in order.
public enum ProbePhase: String, Sendable, Equatable, CaseIterable {
    case tcp, tls, verify, mqtt
}

extension TLSProbeError {
    /// The TLS alert the peer sent, as OpenSSL names it ("unknown ca", "certificate required",
    /// "handshake failure", "protocol version", "no application protocol"), when that is why it failed.
    public var peerAlert: String? {
        let reasons: [String]
        switch self {
        case .handshakeFailed(let list, _): reasons = list
        case .ioFailed(_, let reason): reasons = [reason]
        default: return nil
        }
        for reason in reasons {
            // OpenSSL's reason strings: "sslv3 alert handshake failure", "tlsv13 alert certificate required".
            if let range = reason.firstRange(of: " alert ") { return String(reason[range.upperBound...]) }
        }
        return nil
    }

    /// The answer to the ClientHello was certainly not TLS: bytes that are no TLS record.
    public var peerIsNotTLS: Bool {
        guard case .handshakeFailed(let reasons, _) = self else { return false }
        return reasons.contains { reason in
            ["wrong version number", "packet length too long", "record layer failure", "http request", "unknown protocol"]
                .contains { reason.contains($0) }
        }
    }

    /// The peer ended the connection without an alert: a plain-text service that gave up on the ClientHello,
    /// or a TLS server that drops what it dislikes. Worth asking in plain text, not proof of anything.
    public var peerHungUp: Bool {
        guard case .handshakeFailed(let reasons, _) = self else { return false }
        return reasons.contains { reason in
            ["Connection reset by peer", "unexpected eof", "the peer closed the connection", "Broken pipe"]
                .contains { reason.contains($0) }
        }
    }

    /// This client and the server share no protocol version (OpenSSL refuses the ServerHello's version, or the
    /// server found none it accepts in the ClientHello).
    public var versionMismatch: Bool {
        guard case .handshakeFailed(let reasons, _) = self else { return false }
        return reasons.contains { reason in
            ["unsupported protocol", "legacy sigalg disallowed", "no protocols available", "alert protocol version",
             "wrong ssl version", "tlsv1 alert protocol version"].contains { reason.contains($0) }
        }
    }
}
