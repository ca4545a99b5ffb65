internal import COpenSSL
internal import COpenSSLShims

/// Reads and clears OpenSSL's thread-local error queue (ERR_get_error(3)), as swift-nio-ssl does:
/// clear before an operation, drain after it, so errors never leak from one call into the next.
enum OpenSSLErrorQueue {
    static func clear() {
        ERR_clear_error()
    }

    /// Every queued error as OpenSSL's reason text ("certificate verify failed", "tlsv1 alert unknown ca"),
    /// oldest first, without duplicates.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let text: String
            if let reason = ERR_reason_error_string(code) {
                text = String(cString: reason)
            } else {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            if !messages.contains(text) { messages.append(text) }
        }
        return messages
    }
}
