import Crypto

/// Why a WebSocket opening handshake (RFC 6455 §4) failed, in terms a person can act on.
public enum WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server closed the connection before sending a byte.
    case noResponse
    /// The server closed the connection in the middle of its HTTP response.
    case incompleteResponse(receivedBytes: Int)
    /// The answer does not start with an HTTP status line; `preview` shows its first bytes.
    case notHTTP(preview: String)
    /// An HTTP response that cannot be parsed.
    case malformedResponse(String)
    /// No end of the response headers within `limit` bytes.
    case responseTooLarge(limit: Int)
    /// Any status but 101 Switching Protocols; `statusLine` as sent ("HTTP/1.1 404 Not Found"), `location` the
    /// redirect target of a 3xx.
    case refused(statusLine: String, location: String?)
    /// 101, but the Upgrade header is missing or names something other than websocket.
    case notWebSocketUpgrade(upgrade: String?)
    /// 101, but the Connection header lacks the token Upgrade.
    case connectionNotUpgrade(connection: String?)
    case missingAccept
    /// Sec-WebSocket-Accept is not base64(SHA-1(key + GUID)) for the key sent (RFC 6455 §4.2.2).
    case wrongAccept(expected: String, received: String)
    /// The server selected no subprotocol though "mqtt" was offered (MQTT 3.1.1 §6, MQTT 5 §6: it must).
    case missingSubprotocol(offered: String)
    /// The server selected a subprotocol that was not offered.
    case wrongSubprotocol(offered: String, selected: String)
    /// The server named extensions though none were offered (RFC 6455 §4.1: the client must fail).
    case unexpectedExtensions(String)

    public var description: String {
        switch self {
        case .noResponse:
            return "the server closed the connection without answering the WebSocket upgrade request "
                + "(an MQTT-over-TLS port that is no WebSocket listener does this)"
        case .incompleteResponse(let count):
            return "the server closed the connection after \(count) bytes of its HTTP response to the WebSocket upgrade"
        case .notHTTP(let preview):
            return "the server did not answer the WebSocket upgrade with HTTP: it sent \(preview)"
        case .malformedResponse(let detail):
            return "malformed HTTP response to the WebSocket upgrade: \(detail)"
        case .responseTooLarge(let limit):
            return "the HTTP response to the WebSocket upgrade did not end within \(limit) bytes"
        case .refused(let statusLine, let location):
            let redirect = location.map { " (redirects to \($0))" } ?? ""
            return "WebSocket upgrade refused: \(statusLine)\(redirect)"
        case .notWebSocketUpgrade(let upgrade):
            return "the server answered 101 but "
                + (upgrade.map { "upgraded to '\($0)', not websocket" } ?? "sent no Upgrade: websocket header")
        case .connectionNotUpgrade(let connection):
            return "the server answered 101 but "
                + (connection.map { "its Connection header is '\($0)', without Upgrade" }
                    ?? "sent no Connection: Upgrade header")
        case .missingAccept:
            return "the server answered 101 without a Sec-WebSocket-Accept header"
        case .wrongAccept(let expected, let received):
            return "the server's Sec-WebSocket-Accept is '\(received)', expected '\(expected)' for the key sent"
        case .missingSubprotocol(let offered):
            return "the server selected no WebSocket subprotocol; MQTT over WebSockets requires '\(offered)' "
                + "(Sec-WebSocket-Protocol missing from the response)"
        case .wrongSubprotocol(let offered, let selected):
            return "the server selected WebSocket subprotocol '\(selected)', not the '\(offered)' offered"
        case .unexpectedExtensions(let extensions):
            return "the server accepted WebSocket extensions that were not offered: \(extensions)"
        }
    }
}

/// The client side of the WebSocket opening handshake (RFC 6455 §4.1), pure: builds the HTTP/1.1 Upgrade
/// request and judges the server's response. The channel that sends and reads it is `WebSocketChannel`.
public enum WebSocketHandshake {
    /// RFC 6455 §1.3.
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// What MQTT over WebSockets offers and requires (MQTT 3.1.1 §6, MQTT 5 §6).
    public static let mqttSubprotocol = "mqtt"
    /// Bound on the response headers read before giving up.
    public static let maximumResponseSize = 16_384

    /// One response header as sent.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// A response that passed every check.
    public struct Response: Sendable, Equatable {
        /// "HTTP/1.1 101 Switching Protocols".
        public var statusLine: String
        public var statusCode: Int
        public var headers: [Header]
        /// The subprotocol the server selected.
        public var subprotocol: String

        /// The value of a header (case-insensitive name); repeated headers joined with ", ".
        public func header(_ name: String) -> String? {
            WebSocketHandshake.header(name, in: headers)
        }
    }

    /// A fresh Sec-WebSocket-Key: 16 random bytes in base64 (RFC 6455 §4.1).
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// base64(SHA-1(key + GUID)): the Sec-WebSocket-Accept a server must return for `key` (RFC 6455 §4.2.2).
    public static func acceptValue(forKey key: String) -> String {
        // SHA-1 is what §4.2.2 prescribes; it proves the server read the key, not secrecy (§10.3).
        return base64(Array(Insecure.SHA1.hash(data: Array((key + acceptGUID).utf8))))
    }

    /// The opening request. `path` gets a leading "/" when it lacks one, and bytes that cannot stand in a
    /// request line (controls, space, non-ASCII) are percent-encoded. Host carries the port unless it is 443,
    /// the default for wss (RFC 6455 §4.1, point 4); an IPv6 literal gets its brackets.
    public static func request(
        host: String, port: UInt16, path: String, key: String, subprotocol: String = mqttSubprotocol
    ) -> [UInt8] {
        let cleanHost = String(host.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        let isIPv6 =
            cleanHost.contains(":") && cleanHost.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }
        let bracketed = isIPv6 ? "[\(cleanHost)]" : cleanHost
        let hostField = port == 443 ? bracketed : "\(bracketed):\(port)"
        let lines = [
            "GET \(requestTarget(path)) HTTP/1.1",
            "Host: \(hostField)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Protocol: \(subprotocol)",
            "User-Agent: chaindoctor",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// The request target for `path`: always absolute, every byte outside visible ASCII percent-encoded.
    public static func requestTarget(_ path: String) -> String {
        var target = ""
        for byte in path.utf8 {
            if byte > 0x20 && byte < 0x7F {
                target.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                target += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return target.hasPrefix("/") ? target : "/" + target
    }

    /// Where the response headers end: the index just past the first CRLFCRLF, or nil when not yet received.
    public static func headerEnd(in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = bytes.startIndex
        while index + 3 < bytes.endIndex {
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Whether what has arrived so far can still become an HTTP status line; false as soon as it cannot,
    /// so a server that answers in another protocol is recognised without waiting for a CRLFCRLF.
    public static func couldBeHTTP(_ bytes: ArraySlice<UInt8>) -> Bool {
        let prefix = Array("HTTP/".utf8)
        return zip(bytes, prefix).allSatisfy { $0 == $1 }
    }

    /// Judges the response headers (the bytes up to and including CRLFCRLF; anything after them belongs to
    /// the WebSocket stream and must not be passed here) against the key sent.
    public static func validate(
        response bytes: ArraySlice<UInt8>, key: String, subprotocol: String = mqttSubprotocol
    ) throws(WebSocketHandshakeError) -> Response {
        guard couldBeHTTP(bytes), bytes.count >= 5 else { throw .notHTTP(preview: preview(bytes)) }
        // Lines end in CRLF; a bare LF is tolerated. Split on bytes: in a Swift String "\r\n" is one Character.
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.last == "" { lines.removeLast() }
        guard let statusLine = lines.first else { throw .notHTTP(preview: preview(bytes)) }

        // "HTTP/1.1 101 Switching Protocols": version, three-digit code, optional reason.
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[1].count == 3, let statusCode = Int(parts[1]),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw .malformedResponse("status line '\(printable(statusLine))'") }

        var headers: [Header] = []
        for line in lines.dropFirst() {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingSpaces()  // obsolete line folding
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedResponse("header line without a colon: '\(printable(line))'")
            }
            headers.append(
                Header(
                    name: String(line[..<colon]).trimmingSpaces(),
                    value: String(line[line.index(after: colon)...]).trimmingSpaces()))
        }

        guard statusCode == 101 else {
            let location = (300..<400).contains(statusCode) ? header("Location", in: headers) : nil
            throw .refused(statusLine: printable(statusLine), location: location.map(printable))
        }
        let upgrade = header("Upgrade", in: headers)
        guard let upgrade, upgrade.lowercased() == "websocket" else {
            throw .notWebSocketUpgrade(upgrade: upgrade.map(printable))
        }
        let connection = header("Connection", in: headers)
        guard let connection,
            connection.split(separator: ",").contains(where: { $0.trimmingSpaces().lowercased() == "upgrade" })
        else { throw .connectionNotUpgrade(connection: connection.map(printable)) }
        guard let accept = header("Sec-WebSocket-Accept", in: headers) else { throw .missingAccept }
        let expected = acceptValue(forKey: key)
        guard accept == expected else { throw .wrongAccept(expected: expected, received: printable(accept)) }
        if let extensions = header("Sec-WebSocket-Extensions", in: headers), !extensions.isEmpty {
            throw .unexpectedExtensions(printable(extensions))
        }
        guard let selected = header("Sec-WebSocket-Protocol", in: headers), !selected.isEmpty else {
            throw .missingSubprotocol(offered: subprotocol)
        }
        guard selected == subprotocol else {
            throw .wrongSubprotocol(offered: subprotocol, selected: printable(selected))
        }
        return Response(statusLine: statusLine, statusCode: statusCode, headers: headers, subprotocol: selected)
    }

    static func header(_ name: String, in headers: [Header]) -> String? {
        let wanted = name.lowercased()
        let values = headers.filter { $0.name.lowercased() == wanted }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// Standard base64 with padding (RFC 4648 §4).
    public static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            output.append(alphabet[Int(triple >> 18 & 0x3F)])
            output.append(alphabet[Int(triple >> 12 & 0x3F)])
            output.append(remaining > 1 ? alphabet[Int(triple >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(triple & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The first bytes of a non-HTTP answer, readable: visible ASCII as is, the rest as hex.
    static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        let shown = bytes.prefix(32)
        let text = shown.map { byte -> String in
            byte >= 0x20 && byte < 0x7F ? String(Unicode.Scalar(byte)) : "\\x" + hex(byte)
        }.joined()
        let more = bytes.count > shown.count ? "… (\(bytes.count) bytes)" : ""
        return "'\(text)'\(more)"
    }

    /// A header or status text with control characters replaced, capped at 200 characters.
    static func printable(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return cleaned.count > 200 ? String(cleaned.prefix(200)) + "…" : cleaned
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
