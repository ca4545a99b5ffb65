import TLSProbe
import Testing
import WebSocket

/// `WebSocketChannel` over a `ByteChannel` in memory: the framing layer needs no socket and no TLS.
@Suite(.timeLimit(.minutes(10))) struct WebSocketOverMemoryTests {
    /// A scripted server: answers the opening handshake for the key the client sent (RFC 6455 §4.2.2), then
    /// hands out `script`, at most `chunk` bytes a read; keeps what the client wrote.
    final class MemoryServer: ByteChannel {
        var written: [UInt8] = []
        var failure: TLSProbeError?
        private var unread: [UInt8] = []
        private var answered = false
        private let script: [UInt8]
        private let chunk: Int

        init(script: [UInt8], chunk: Int) {
            self.script = script
            self.chunk = chunk
        }

        func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError) {
            if let failure { throw failure }
            written += bytes
            guard !answered, let end = WebSocketHandshake.headerEnd(in: written[...]) else { return }
            answered = true
            let request = String(decoding: written[..<end], as: UTF8.self)
            let key =
                request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }
                .map { String($0.dropFirst("sec-websocket-key:".count).drop { $0 == " " }) } ?? ""
            let response = [
                "HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: \(WebSocketHandshake.acceptValue(forKey: key))", "Sec-WebSocket-Protocol: mqtt",
                "", "",
            ].joined(separator: "\r\n")
            unread = Array(response.utf8) + script
            written = []
        }

        func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8] {
            if unread.isEmpty, let failure { throw failure }
            let count = min(maximum, chunk, unread.count)
            defer { unread.removeFirst(count) }
            return Array(unread.prefix(count))
        }

        /// The frames the client sent after its handshake, unmasked.
        func clientFrames() throws -> [WebSocketFrame] {
            var frames: [WebSocketFrame] = []
            var rest = written[...]
            while let (frame, consumed) = try WebSocketFrame.decode(
                rest, maximumPayloadSize: 1 << 20, fromClient: true)
            {
                frames.append(frame)
                rest = rest.dropFirst(consumed)
            }
            #expect(rest.isEmpty)
            return frames
        }
    }

    static let connack: [UInt8] = [0x20, 0x02, 0x00, 0x00]
    static let connect: [UInt8] = [0x10, 0x0C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00]

    @Test func mqttOverWebSocketOverMemory() throws {
        let server = MemoryServer(
            script: WebSocketFrame.encodeServerFrame(opcode: .ping, payload: Array("hi".utf8))
                + WebSocketFrame.encodeServerFrame(opcode: .binary, payload: Array(Self.connack.prefix(1)), fin: false)
                + WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: Array(Self.connack.dropFirst()))
                + WebSocketFrame.encodeServerFrame(opcode: .close, payload: WebSocketFrame.closePayload(code: 1001)),
            chunk: 3)
        let channel = try WebSocketChannel.open(connection: server, host: "broker.test", port: 443, path: "/mqtt")
        #expect(channel.response.subprotocol == "mqtt")
        #expect(channel.connection === server)

        // MQTT sees a ByteChannel, whichever one.
        let mqtt: any ByteChannel = channel
        try mqtt.write(Self.connect, phase: .mqtt)
        var received: [UInt8] = []
        while received.count < 4 {
            let bytes = try mqtt.read(maximum: 16_384, phase: .mqtt)
            try #require(!bytes.isEmpty)
            received += bytes
        }
        #expect(received == Self.connack)
        #expect(try mqtt.read(maximum: 16_384, phase: .mqtt) == [])
        #expect(channel.serverClosed && channel.closeCode == 1001)

        // The CONNECT in one binary frame, the pong echoing the ping, the close echoing the status code.
        let frames = try server.clientFrames()
        #expect(frames.map(\.opcode) == [.binary, .pong, .close])
        #expect(frames.first?.payload == Self.connect)
        #expect(frames.dropFirst().first?.payload == Array("hi".utf8))
        #expect(frames.last?.payload == WebSocketFrame.closePayload(code: 1001))
    }

    @Test func failuresUnderneathComeThroughUnchanged() throws {
        let server = MemoryServer(script: WebSocketFrame.encodeServerFrame(opcode: .ping, payload: []), chunk: 64)
        let channel = try WebSocketChannel.open(connection: server, host: "broker.test", port: 443, path: "/mqtt")
        let failure = TLSProbeError.ioFailed(phase: .mqtt, reason: "Connection reset by peer")
        server.failure = failure
        #expect(throws: failure) { _ = try channel.read() }
        #expect(throws: failure) { try channel.write([0xE0, 0x00]) }
    }

    @Test func closeSendsACloseFrameAndEndsTheChannel() throws {
        let server = MemoryServer(script: WebSocketFrame.encodeServerFrame(opcode: .pong, payload: []), chunk: 64)
        let channel = try WebSocketChannel.open(connection: server, host: "broker.test", port: 443, path: "/mqtt")
        channel.close(code: 1000)
        let closeFrame = WebSocketFrame(opcode: .close, payload: WebSocketFrame.closePayload(code: 1000))
        #expect(try server.clientFrames() == [closeFrame])
        #expect(throws: TLSProbeError.ioFailed(phase: .mqtt, reason: "the WebSocket channel was closed")) {
            try channel.write([0xE0, 0x00])
        }
        #expect(try channel.read() == [])
        // The channel underneath is its owner's to close: it still takes bytes.
        try server.write([0x00], phase: .mqtt)
    }
}
