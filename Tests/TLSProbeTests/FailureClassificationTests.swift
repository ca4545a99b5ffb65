import COpenSSL
import Glibc
import Testing

@testable import TLSProbe

/// `TLSProbeError` decides what a failure means from OpenSSL's library and reason numbers (sslerr.h), never from
/// the words: every error here carries text that would mislead a classifier reading it.
@Suite(.timeLimit(.minutes(10))) struct FailureClassificationTests {
    static func ssl(_ reason: Int32, _ text: String = "misleading text: tlsv1 alert unknown ca") -> OpenSSLError {
        OpenSSLError(library: ERR_LIB_SSL, reason: reason, text: text)
    }

    static func system(_ code: Int32) -> OpenSSLError {
        OpenSSLError(library: ERR_LIB_SYS, reason: code, text: "wrong version number")
    }

    static func failed(_ errors: OpenSSLError...) -> TLSProbeError {
        .handshakeFailed(errors: errors)
    }

    /// The packed code libssl queues for an SSL reason (ERR_PACK in err.h), with libssl's strings loaded
    /// (OPENSSL_init_ssl(3); a connection would have loaded them before its first error).
    static func packedSSL(_ reason: Int32) -> UInt {
        _ = OPENSSL_init_ssl(UInt64(OPENSSL_INIT_LOAD_SSL_STRINGS), nil)
        return UInt(ERR_LIB_SSL) << UInt(ERR_LIB_OFFSET) | UInt(reason)
    }

    @Test func alertIsTheReasonAboveTheOffset() {
        let error = Self.failed(Self.ssl(SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, "tlsv13 alert certificate required"))
        #expect(error.alert == TLSAlert(number: 116))
        #expect(error.alert == .certificateRequired)
        #expect(error.peerAlert == "certificate required")
        #expect(error.description == "TLS handshake failed: tlsv13 alert certificate required")

        #expect(Self.failed(Self.ssl(SSL_R_TLSV1_ALERT_UNKNOWN_CA)).peerAlert == "unknown ca")
        #expect(Self.failed(Self.ssl(SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE)).alert == .handshakeFailure)
        #expect(Self.failed(Self.ssl(SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL)).peerAlert == "no application protocol")
        // Alerts libssl words without "alert" are alerts all the same (RFC 6066 §3: unrecognized_name).
        #expect(
            Self.failed(Self.ssl(SSL_R_TLSV1_UNRECOGNIZED_NAME, "tlsv1 unrecognized name")).peerAlert
                == "unrecognized name")
    }

    @Test func theFirstAlertCounts() {
        let error = Self.failed(
            Self.ssl(SSL_R_WRONG_VERSION_NUMBER), Self.ssl(SSL_R_TLSV1_ALERT_ACCESS_DENIED),
            Self.ssl(SSL_R_SSLV3_ALERT_BAD_CERTIFICATE))
        #expect(error.alert == .accessDenied)
    }

    @Test func noAlertWithoutAnAlertReason() {
        // "unknown alert type" (a malformed alert record) is no alert from the peer.
        #expect(Self.failed(Self.ssl(SSL_R_UNKNOWN_ALERT_TYPE, "unknown alert type")).alert == nil)
        // An alert-sized reason from another library is not libssl's.
        #expect(
            Self.failed(OpenSSLError(library: ERR_LIB_X509, reason: 1048, text: "tlsv1 alert unknown ca")).alert
                == nil)
        #expect(Self.failed(Self.system(ECONNRESET)).peerAlert == nil)
        #expect(TLSProbeError.timedOut(phase: .tls, seconds: 1).alert == nil)
    }

    @Test func alertAfterTheHandshakeToo() {
        let error = TLSProbeError.ioFailed(
            phase: .mqtt, reason: "sslv3 alert certificate revoked",
            errors: [Self.ssl(SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED, "sslv3 alert certificate revoked")])
        #expect(error.peerAlert == "certificate revoked")
        #expect(error.description == "mqtt step failed: sslv3 alert certificate revoked")
        #expect(TLSProbeError.ioFailed(phase: .mqtt, reason: "tlsv1 alert unknown ca").alert == nil)
    }

    @Test(arguments: [
        SSL_R_WRONG_VERSION_NUMBER, SSL_R_PACKET_LENGTH_TOO_LONG, TLSProbeError.recordLayerFailure,
        SSL_R_HTTP_REQUEST, SSL_R_UNKNOWN_PROTOCOL,
    ])
    func notTLS(reason: Int32) {
        let error = Self.failed(Self.ssl(reason))
        #expect(error.peerIsNotTLS)
        #expect(!error.versionMismatch && !error.peerHungUp && error.alert == nil)
    }

    @Test(arguments: [
        SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_NO_PROTOCOLS_AVAILABLE, SSL_R_WRONG_SSL_VERSION,
        SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION,
    ])
    func versionMismatch(reason: Int32) {
        let error = Self.failed(Self.ssl(reason))
        #expect(error.versionMismatch)
        #expect(!error.peerIsNotTLS && !error.peerHungUp)
    }

    @Test(arguments: [Int32(0), ECONNRESET, EPIPE])
    func hungUpBySocket(errno code: Int32) {
        let error = Self.failed(Self.system(code))
        #expect(error.peerHungUp)
        #expect(!error.peerIsNotTLS && !error.versionMismatch && error.alert == nil)
    }

    @Test func hungUpByUnexpectedEOF() {
        #expect(Self.failed(Self.ssl(SSL_R_UNEXPECTED_EOF_WHILE_READING)).peerHungUp)
    }

    @Test func otherFailuresAreNoneOfThese() {
        for error in [
            Self.failed(Self.system(ETIMEDOUT)),
            Self.failed(Self.system(ECONNREFUSED)),
            Self.failed(Self.ssl(SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE)),
            Self.failed(Self.ssl(SSL_R_CERTIFICATE_VERIFY_FAILED)),
            // The errno numbers of a hang-up, but from libssl, are other reasons.
            Self.failed(Self.ssl(ECONNRESET), Self.ssl(EPIPE)),
            Self.failed(),
            TLSProbeError.ioFailed(phase: .tls, reason: "wrong version number"),
        ] {
            #expect(!error.peerIsNotTLS && !error.versionMismatch && !error.peerHungUp, "\(error)")
        }
    }

    @Test func emptyQueueKeepsItsWording() {
        #expect(Self.failed().description == "TLS handshake failed: the peer closed the connection")
        #expect(TLSConnection.socketError(0).text == "the peer closed the connection")
        #expect(
            TLSConnection.socketError(0)
                == OpenSSLError(
                    library: ERR_LIB_SYS, reason: 0,
                    text: "the peer closed the connection"))
        #expect(TLSConnection.socketError(ECONNRESET).text == "Connection reset by peer")
        #expect(
            Self.failed(TLSConnection.socketError(ECONNRESET)).description
                == "TLS handshake failed: Connection reset by peer")
    }

    /// The names are OpenSSL's own: each is how libssl's reason string for that alert ends, and libssl has a
    /// reason string for every alert named (and none unnamed).
    @Test func alertNamesAreOpenSSLs() {
        var named = 0
        for number in UInt8.min...UInt8.max {
            let entry = OpenSSLErrorQueue.entry(Self.packedSSL(SSL_AD_REASON_OFFSET + Int32(number)))
            #expect(entry.library == ERR_LIB_SSL && entry.reason == SSL_AD_REASON_OFFSET + Int32(number))
            #expect(entry.alert == TLSAlert(number: number))
            let alert = TLSAlert(number: number)
            guard let reason = ERR_reason_error_string(Self.packedSSL(entry.reason)) else {
                #expect(number == 0 || TLSAlert.names[number] == nil, "OpenSSL has no reason for alert \(number)")
                #expect(alert.name == (number == 0 ? "close notify" : "unknown (\(number))"))
                continue
            }
            named += 1
            let text = String(cString: reason)
            #expect(entry.text == text)
            #expect(text.hasSuffix(" " + alert.name), "alert \(number): OpenSSL says \"\(text)\", we say \(alert.name)")
        }
        #expect(named == TLSAlert.names.count - 1)  // all but close_notify, which is no error
    }

    @Test func drainTakesTheNumbersApart() {
        OpenSSLErrorQueue.clear()
        #expect(OpenSSLErrorQueue.drain().isEmpty)
        let entry = OpenSSLErrorQueue.entry(Self.packedSSL(SSL_R_WRONG_VERSION_NUMBER))
        #expect(
            entry
                == OpenSSLError(
                    library: ERR_LIB_SSL, reason: SSL_R_WRONG_VERSION_NUMBER,
                    text: "wrong version number"))
        #expect(Self.failed(entry).peerIsNotTLS)
    }
}
