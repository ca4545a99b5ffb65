public import TLSProbe

/// MQTT over WebSockets (MQTT 3.1.1 §6, MQTT 5 §6) over an established byte channel (a `TLSConnection` for
/// wss): the opening handshake with subprotocol `mqtt`, then MQTT's bytes in binary frames.
///
/// `read` returns the data of binary messages as a byte stream (MQTT packets need not align with frames),
/// answers pings on the way, and returns [] once the server sent close or the connection ended. Failures are
/// `TLSProbeError`s of the `.mqtt` phase (the step that runs over this channel).
///
/// It is a `ByteChannel` itself, so MQTT runs over it as over the TLS connection. It does not own the channel
/// underneath: whoever opened that closes it.
public final class WebSocketChannel: ByteChannel {
    /// The channel the frames travel over.
    public let connection: any ByteChannel
    /// The server's 101 response.
    public let response: WebSocketHandshake.Response
    /// Set once the server sent a close frame: its status code (nil when it carried none) and reason.
    public private(set) var closeCode: UInt16?
    public private(set) var closeReason: String?
    public private(set) var serverClosed = false

    private var decoder: WebSocketFrameDecoder
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var closeSent = false
    private var failed: TLSProbeError?
    private let timeoutSeconds: Double?

    /// Control frames (pings, pongs, empty messages) accepted in one `read` before it gives up on a server
    /// that never sends data.
    static let maximumControlFramesPerRead = 1_000

    /// Sends the Upgrade request for `path` and reads the response headers (at most
    /// `WebSocketHandshake.maximumResponseSize` bytes). Every read is bounded by the underlying channel's timeout;
    /// `timeoutSeconds`, when given, also bounds the whole handshake and each later `read`.
    public static func open(
        connection: any ByteChannel, host: String, port: UInt16, path: String,
        timeoutSeconds: Double? = nil, maximumMessageSize: Int = 1 << 20
    ) throws(TLSProbeError) -> WebSocketChannel {
        let key = WebSocketHandshake.randomKey()
        try connection.write(WebSocketHandshake.request(host: host, port: port, path: path, key: key), phase: .mqtt)
        let deadline = timeoutSeconds.map { Deadline(secondsFromNow: $0) }
        let limit = WebSocketHandshake.maximumResponseSize
        var received: [UInt8] = []
        var scanned = 0
        while true {
            if let end = WebSocketHandshake.headerEnd(in: received[scanned...]) {
                let response: WebSocketHandshake.Response
                do {
                    response = try WebSocketHandshake.validate(response: received[..<end], key: key)
                } catch {
                    throw .ioFailed(phase: .mqtt, reason: error.description)
                }
                var decoder = WebSocketFrameDecoder(maximumMessageSize: maximumMessageSize)
                decoder.append(received[end...])  // frames the server sent right behind its headers
                return WebSocketChannel(
                    connection: connection, response: response, decoder: decoder, timeoutSeconds: timeoutSeconds)
            }
            scanned = max(0, received.count - 3)
            guard WebSocketHandshake.couldBeHTTP(received[...]) else {
                throw .ioFailed(
                    phase: .mqtt,
                    reason: WebSocketHandshakeError.notHTTP(
                        preview: WebSocketHandshake.preview(received[...])
                    ).description)
            }
            guard received.count < limit else {
                throw .ioFailed(
                    phase: .mqtt, reason: WebSocketHandshakeError.responseTooLarge(limit: limit).description)
            }
            if let deadline, deadline.remainingMilliseconds == 0 {
                throw .timedOut(phase: .mqtt, seconds: deadline.seconds)
            }
            let chunk = try connection.read(maximum: min(4096, limit - received.count), phase: .mqtt)
            if chunk.isEmpty {
                let error: WebSocketHandshakeError =
                    received.isEmpty ? .noResponse : .incompleteResponse(receivedBytes: received.count)
                throw .ioFailed(phase: .mqtt, reason: error.description)
            }
            received += chunk
        }
    }

    private init(
        connection: any ByteChannel, response: WebSocketHandshake.Response, decoder: WebSocketFrameDecoder,
        timeoutSeconds: Double?
    ) {
        self.connection = connection
        self.response = response
        self.decoder = decoder
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends `bytes` as one binary message (one masked frame) within the underlying channel's timeout.
    public func write(_ bytes: [UInt8], phase: ProbePhase = .mqtt) throws(TLSProbeError) {
        if let failed { throw failed }
        if serverClosed { throw .closedByPeer(phase: phase) }
        if closeSent { throw .ioFailed(phase: phase, reason: "the WebSocket channel was closed") }
        try connection.write(WebSocketFrame.encodeClientFrame(binary: bytes), phase: phase)
    }

    /// The next data (up to `maximum` bytes of binary message payload), within the timeout.
    /// Returns [] when the server sent close or the connection closed.
    public func read(maximum: Int = 16_384, phase: ProbePhase = .mqtt) throws(TLSProbeError) -> [UInt8] {
        if pendingStart < pending.count { return takePending(maximum) }
        if let failed { throw failed }
        if serverClosed || closeSent { return [] }
        let deadline = timeoutSeconds.map { Deadline(secondsFromNow: $0) }
        var controlFrames = 0
        while true {
            let message: WebSocketMessage?
            do {
                message = try decoder.nextMessage()
            } catch {
                try fail(error.description, code: error.closeCode, phase: phase)
            }
            if let message {
                switch message {
                case .data(.binary, let payload) where !payload.isEmpty:
                    pending = payload
                    pendingStart = 0
                    return takePending(maximum)
                case .data(.binary, _):
                    break
                case .data:
                    try fail(
                        "the server sent a WebSocket text message; MQTT over WebSockets uses binary messages only "
                            + "(MQTT 3.1.1 §6)", code: 1003, phase: phase)
                case .ping(let payload):
                    try connection.write(
                        WebSocketFrame.encodeClientFrame(
                            opcode: .pong, payload: payload, maskingKey: WebSocketFrame.randomMaskingKey()),
                        phase: phase)
                case .pong:
                    break
                case .close(let code, let reason):
                    serverClosed = true
                    closeCode = code
                    closeReason = reason
                    // Echo the status code (RFC 6455 §5.5.1); best effort, the server may already be gone.
                    sendClose(code: code.flatMap { Self.echoable($0) ? $0 : 1000 }, phase: phase)
                    return []
                }
                controlFrames += 1
                if controlFrames >= Self.maximumControlFramesPerRead {
                    try fail(
                        "the server sent \(controlFrames) WebSocket control frames or empty messages and no data",
                        code: 1008, phase: phase)
                }
                continue
            }
            if let deadline, deadline.remainingMilliseconds == 0 {
                throw .timedOut(phase: phase, seconds: deadline.seconds)
            }
            let chunk = try connection.read(maximum: 16_384, phase: phase)
            if chunk.isEmpty {
                serverClosed = true
                return []
            }
            decoder.append(chunk)
        }
    }

    /// Sends a close frame (once, best effort) and ends the channel: later writes fail, and reads return [] once
    /// what arrived before is taken.
    /// The channel underneath stays open for its owner to close (RFC 6455 §7.1.1 would have the server close
    /// the TCP connection first).
    public func close(code: UInt16 = 1000) {
        if !serverClosed { sendClose(code: code, phase: .mqtt) }
    }

    private func takePending(_ maximum: Int) -> [UInt8] {
        let end = pendingStart + min(max(1, maximum), pending.count - pendingStart)
        let chunk = Array(pending[pendingStart..<end])
        pendingStart = end
        if pendingStart == pending.count {
            pending = []
            pendingStart = 0
        }
        return chunk
    }

    private func sendClose(code: UInt16?, phase: ProbePhase) {
        guard !closeSent else { return }
        closeSent = true
        let frame = WebSocketFrame.encodeClientFrame(
            opcode: .close, payload: WebSocketFrame.closePayload(code: code),
            maskingKey: WebSocketFrame.randomMaskingKey())
        do { try connection.write(frame, phase: phase) } catch { /* the peer may have gone already */  }
    }

    /// Fails the WebSocket connection (RFC 6455 §7.1.7): a close frame with `code`, then the error, now and on
    /// every later call.
    private func fail(_ reason: String, code: UInt16, phase: ProbePhase) throws(TLSProbeError) -> Never {
        sendClose(code: code, phase: phase)
        let error = TLSProbeError.ioFailed(phase: phase, reason: reason)
        failed = error
        throw error
    }

    /// Codes that may be sent in a close frame (RFC 6455 §7.4): not 1005, 1006, 1015, nor outside 1000–4999.
    static func echoable(_ code: UInt16) -> Bool {
        (1000...4999).contains(code) && ![1004, 1005, 1006, 1015].contains(code)
    }
}

extension WebSocketFrameError {
    /// The close status a client sends when failing the connection for this error (RFC 6455 §7.4.1).
    var closeCode: UInt16 {
        if case .messageTooLarge = self { return 1009 }
        return 1002
    }
}
