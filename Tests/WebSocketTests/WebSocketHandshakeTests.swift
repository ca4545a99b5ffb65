import TestSupport
import Testing
import WebSocket

/// RFC 6455 §4 opening handshake: the request chaindoctor sends and how it judges the answer.
@Suite(.timeLimit(.minutes(10))) struct WebSocketHandshakeTests {
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    static func response(_ lines: [String]) -> ArraySlice<UInt8> {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)[...]
    }

    static let good = [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        "Sec-WebSocket-Protocol: mqtt",
    ]

    static func replacing(_ name: String, with line: String?) -> [String] {
        good.compactMap { $0.hasPrefix(name + ":") ? line : $0 }
    }

    @Test func acceptKeyOfRFC6455Section1_3() {
        #expect(WebSocketHandshake.acceptValue(forKey: Self.sampleKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(WebSocketHandshake.acceptGUID == "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
    }

    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func base64OfRFC4648(input: String, output: String) {
        #expect(WebSocketHandshake.base64(Array(input.utf8)) == output)
    }

    @Test func base64OfTheRFCNonce() {
        // §4.1's example nonce: the bytes 0x01...0x10.
        #expect(WebSocketHandshake.base64((1...16).map { UInt8($0) }) == "AQIDBAUGBwgJCgsMDQ4PEA==")
        #expect(WebSocketHandshake.base64([0xFF, 0xFE, 0xFD]) == "//79")
    }

    @Test func randomKeysAre16BytesInBase64() {
        let keys = (0..<4).map { _ in WebSocketHandshake.randomKey() }
        for key in keys {
            #expect(key.count == 24 && key.hasSuffix("==") && !key.hasSuffix("==="))
        }
        #expect(Set(keys).count == keys.count)
    }

    @Test func requestHasEveryRequiredHeader() {
        let text = String(
            decoding: WebSocketHandshake.request(
                host: "broker.example", port: 8884, path: "/mqtt", key: Self.sampleKey),
            as: UTF8.self)
        #expect(
            text == """
                GET /mqtt HTTP/1.1\r
                Host: broker.example:8884\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                Sec-WebSocket-Version: 13\r
                Sec-WebSocket-Protocol: mqtt\r
                User-Agent: chaindoctor\r
                \r

                """)
    }

    @Test func hostOmitsPort443AndBracketsIPv6() {
        func host(_ name: String, _ port: UInt16) -> String? {
            String(decoding: WebSocketHandshake.request(host: name, port: port, path: "/", key: "k"), as: UTF8.self)
                .split(separator: "\r\n").first { $0.hasPrefix("Host: ") }.map { String($0.dropFirst(6)) }
        }
        #expect(host("broker.example", 443) == "broker.example")
        #expect(host("::1", 8443) == "[::1]:8443")
        #expect(host("[::1]", 443) == "[::1]")
        #expect(host("127.0.0.1", 80) == "127.0.0.1:80")
        #expect(host("evil\r\nX-Injected: 1", 443) == "evilX-Injected:1")
    }

    @Test func pathIsAbsoluteAndCannotBreakTheRequestLine() {
        #expect(WebSocketHandshake.requestTarget("") == "/")
        #expect(WebSocketHandshake.requestTarget("mqtt") == "/mqtt")
        #expect(WebSocketHandshake.requestTarget("/ws?x=1") == "/ws?x=1")
        #expect(WebSocketHandshake.requestTarget("/a b\r\nHost: x") == "/a%20b%0D%0AHost:%20x")
        #expect(WebSocketHandshake.requestTarget("/é") == "/%C3%A9")
    }

    @Test func goodResponseIsAccepted() throws {
        let response = try WebSocketHandshake.validate(response: Self.response(Self.good), key: Self.sampleKey)
        #expect(response.statusCode == 101)
        #expect(response.statusLine == "HTTP/1.1 101 Switching Protocols")
        #expect(response.subprotocol == "mqtt")
        #expect(response.header("sec-websocket-protocol") == "mqtt")
    }

    @Test func headerNamesAndTokensAreCaseInsensitive() throws {
        let lines = [
            "HTTP/1.1 101 Web Socket Protocol Handshake",
            "server: test",
            "UPGRADE:  WebSocket ",
            "connection: keep-alive, upgrade",
            "sec-websocket-accept:s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
            "SEC-WEBSOCKET-PROTOCOL: mqtt",
        ]
        let response = try WebSocketHandshake.validate(response: Self.response(lines), key: Self.sampleKey)
        #expect(response.header("Server") == "test")
    }

    @Test func bareLineFeedsAreTolerated() throws {
        let text = Self.good.joined(separator: "\n") + "\n\n"
        #expect(throws: Never.self) {
            _ = try WebSocketHandshake.validate(response: Array(text.utf8)[...], key: Self.sampleKey)
        }
    }

    @Test func wrongPathGivesTheStatusLine() {
        let lines = ["HTTP/1.1 404 Not Found", "Content-Length: 0"]
        #expect(throws: WebSocketHandshakeError.refused(statusLine: "HTTP/1.1 404 Not Found", location: nil)) {
            _ = try WebSocketHandshake.validate(response: Self.response(lines), key: Self.sampleKey)
        }
        #expect(
            WebSocketHandshakeError.refused(statusLine: "HTTP/1.1 404 Not Found", location: nil).description
                == "WebSocket upgrade refused: HTTP/1.1 404 Not Found")
    }

    @Test func redirectNamesItsTarget() {
        let lines = ["HTTP/1.1 301 Moved Permanently", "Location: wss://broker.example/mqtt"]
        let expected = WebSocketHandshakeError.refused(
            statusLine: "HTTP/1.1 301 Moved Permanently",
            location: "wss://broker.example/mqtt")
        #expect(throws: expected) {
            _ = try WebSocketHandshake.validate(response: Self.response(lines), key: Self.sampleKey)
        }
        #expect(expected.description.hasSuffix("(redirects to wss://broker.example/mqtt)"))
    }

    @Test func plainHTTP200IsARefusal() {
        #expect(throws: WebSocketHandshakeError.refused(statusLine: "HTTP/1.0 200 ok", location: nil)) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(["HTTP/1.0 200 ok", "Content-type: text/plain"]),
                key: Self.sampleKey)
        }
    }

    @Test func notHTTPShowsTheBytes() {
        let mqtt: [UInt8] = [0x20, 0x02, 0x00, 0x00, 0x0D, 0x0A, 0x0D, 0x0A]
        #expect(throws: WebSocketHandshakeError.notHTTP(preview: "' \\x02\\x00\\x00\\x0d\\x0a\\x0d\\x0a'")) {
            _ = try WebSocketHandshake.validate(response: mqtt[...], key: Self.sampleKey)
        }
        #expect(WebSocketHandshake.couldBeHTTP(Array("HTT".utf8)[...]))
        #expect(WebSocketHandshake.couldBeHTTP([][...]))
        #expect(!WebSocketHandshake.couldBeHTTP(Array("SSH-2.0".utf8)[...]))
    }

    @Test func malformedStatusLines() {
        for line in ["HTTP/1.1", "HTTP/1.1 1O1 Switching", "HTTP/1.1 +01 x", "HTTP/1.1 1010 x"] {
            #expect(throws: WebSocketHandshakeError.malformedResponse("status line '\(line)'")) {
                _ = try WebSocketHandshake.validate(response: Self.response([line]), key: Self.sampleKey)
            }
        }
        #expect(throws: WebSocketHandshakeError.malformedResponse("header line without a colon: 'Upgrade websocket'")) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(["HTTP/1.1 101 OK", "Upgrade websocket"]),
                key: Self.sampleKey)
        }
    }

    @Test func upgradeAndConnectionHeadersAreRequired() {
        #expect(throws: WebSocketHandshakeError.notWebSocketUpgrade(upgrade: nil)) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Upgrade", with: nil)), key: Self.sampleKey)
        }
        #expect(throws: WebSocketHandshakeError.notWebSocketUpgrade(upgrade: "h2c")) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Upgrade", with: "Upgrade: h2c")),
                key: Self.sampleKey)
        }
        #expect(throws: WebSocketHandshakeError.connectionNotUpgrade(connection: nil)) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Connection", with: nil)),
                key: Self.sampleKey)
        }
        #expect(throws: WebSocketHandshakeError.connectionNotUpgrade(connection: "keep-alive")) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Connection", with: "Connection: keep-alive")),
                key: Self.sampleKey)
        }
    }

    @Test func acceptKeyMustMatch() {
        #expect(throws: WebSocketHandshakeError.missingAccept) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Sec-WebSocket-Accept", with: nil)), key: Self.sampleKey)
        }
        // A different key: the accept value is the one for the RFC's key, not for this one.
        let key = "AQIDBAUGBwgJCgsMDQ4PEA=="
        #expect(
            throws: WebSocketHandshakeError.wrongAccept(
                expected: WebSocketHandshake.acceptValue(forKey: key),
                received: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        ) {
            _ = try WebSocketHandshake.validate(response: Self.response(Self.good), key: key)
        }
    }

    @Test func subprotocolMustBeMQTT() {
        let missing = WebSocketHandshakeError.missingSubprotocol(offered: "mqtt")
        #expect(throws: missing) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.replacing("Sec-WebSocket-Protocol", with: nil)), key: Self.sampleKey)
        }
        #expect(missing.description.contains("selected no WebSocket subprotocol"))
        #expect(throws: WebSocketHandshakeError.wrongSubprotocol(offered: "mqtt", selected: "mqttv3.1")) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(
                    Self.replacing("Sec-WebSocket-Protocol", with: "Sec-WebSocket-Protocol: mqttv3.1")),
                key: Self.sampleKey)
        }
    }

    @Test func unrequestedExtensionsFail() {
        #expect(throws: WebSocketHandshakeError.unexpectedExtensions("permessage-deflate")) {
            _ = try WebSocketHandshake.validate(
                response: Self.response(Self.good + ["Sec-WebSocket-Extensions: permessage-deflate"]),
                key: Self.sampleKey)
        }
    }

    @Test func headerEndIsFoundWherever() {
        let bytes = Array("HTTP/1.1 101 OK\r\nA: b\r\n\r\n\u{82}\u{0}".utf8)
        #expect(WebSocketHandshake.headerEnd(in: bytes[...]) == bytes.count - 3)  // U+0082 is two UTF-8 bytes
        #expect(WebSocketHandshake.headerEnd(in: bytes[3...]) == bytes.count - 3)
        #expect(WebSocketHandshake.headerEnd(in: Array("\r\n\r".utf8)[...]) == nil)
        #expect(WebSocketHandshake.headerEnd(in: [][...]) == nil)
    }

    @Test func fuzzedResponsesNeverTrap() {
        var rng = SeededGenerator(seed: 101)
        let base = Array(Self.response(Self.good))
        var outcomes: [String: Int] = [:]
        for _ in 0..<4_000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1:
                    bytes.insert(
                        [13, 10, 58, 32, 0xFF].randomElement(using: &rng)!,
                        at: Int.random(in: 0...bytes.count, using: &rng))
                case 2 where bytes.count > 1: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
                default: bytes = Array(bytes.prefix(Int.random(in: 1...bytes.count, using: &rng)))
                }
            }
            do {
                _ = try WebSocketHandshake.validate(response: bytes[...], key: Self.sampleKey)
                outcomes["ok", default: 0] += 1
            } catch {
                #expect(!error.description.isEmpty)
                outcomes[String(describing: error).prefix { $0 != "(" }.description, default: 0] += 1
            }
            _ = WebSocketHandshake.headerEnd(in: bytes[...])
        }
        #expect(outcomes.count >= 5, "\(outcomes)")
    }
}
