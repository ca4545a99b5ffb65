internal import COpenSSL
internal import COpenSSLShims

/// One entry of OpenSSL's error queue (ERR_get_error(3)): the library that raised it, its reason code, and
/// OpenSSL's text for it.
///
/// The numbers are what a failure is classified by (`TLSProbeError.alert`, `peerIsNotTLS`, ...): OpenSSL never
/// renumbers a reason, while its texts are for people. `text` is what reports show, as OpenSSL words it
/// ("wrong version number", "tlsv1 alert unknown ca"). For `ERR_LIB_SYS` the reason is the errno.
public struct OpenSSLError: Sendable, Equatable, CustomStringConvertible {
    /// `ERR_GET_LIB(3)`: `ERR_LIB_SSL` (20) for libssl, `ERR_LIB_SYS` (2) for an operating-system error.
    public var library: Int32
    /// `ERR_GET_REASON(3)`: an `SSL_R_*` constant for libssl (sslerr.h), the errno for `ERR_LIB_SYS`.
    public var reason: Int32
    /// OpenSSL's reason string (ERR_reason_error_string(3)), or ERR_error_string_n(3)'s line when it has none.
    public var text: String

    public init(library: Int32, reason: Int32, text: String) {
        self.library = library
        self.reason = reason
        self.text = text
    }

    public var description: String { text }

    /// The alert the peer sent, when this entry records one: libssl queues a received alert as reason
    /// `SSL_AD_REASON_OFFSET` + the alert's number (ssl.h; SSL_alert_type_string(3)).
    public var alert: TLSAlert? {
        guard library == ERR_LIB_SSL, reason >= SSL_AD_REASON_OFFSET,
            let number = UInt8(exactly: reason - SSL_AD_REASON_OFFSET)
        else { return nil }
        return TLSAlert(number: number)
    }

    /// The errno of an operating-system error (`ERR_LIB_SYS`), nil for any other library.
    public var systemError: Int32? { library == ERR_LIB_SYS ? reason : nil }

    /// A libssl entry with this `SSL_R_*` reason.
    func isSSL(_ reasons: Int32...) -> Bool {
        library == ERR_LIB_SSL && reasons.contains(reason)
    }
}

/// Reads and clears OpenSSL's thread-local error queue (ERR_get_error(3)), as swift-nio-ssl does:
/// clear before an operation, drain after it, so errors never leak from one call into the next.
enum OpenSSLErrorQueue {
    static func clear() {
        ERR_clear_error()
    }

    /// Every queued error, oldest first, without two of the same text (OpenSSL repeats a reason as it unwinds).
    static func drain() -> [OpenSSLError] {
        var errors: [OpenSSLError] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let error = entry(code)
            if !errors.contains(where: { $0.text == error.text }) { errors.append(error) }
        }
        return errors
    }

    /// The texts of `drain()`, for messages that only show them.
    static func drainText() -> [String] {
        drain().map(\.text)
    }

    /// One packed error code taken apart (ERR_GET_LIB(3), ERR_GET_REASON(3)), with OpenSSL's text for it.
    static func entry(_ code: UInt) -> OpenSSLError {
        let text: String
        if let reason = ERR_reason_error_string(code) {
            text = String(cString: reason)
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return OpenSSLError(library: cd_ERR_GET_LIB(code), reason: cd_ERR_GET_REASON(code), text: text)
    }
}
