/// WebSocket framing (RFC 6455 §5), pure: no I/O, no clock. MQTT over WebSockets (MQTT 3.1.1 §6, MQTT 5 §6)
/// carries MQTT's bytes in binary messages; a message may hold several packets or part of one.
///
/// Everything here reads peer data defensively: lengths are checked before any allocation or index, and
/// no input can trap (the fuzz tests feed it random and mutated frames).

/// A frame's opcode (RFC 6455 §5.2, §11.8). Values 0x3–0x7 and 0xB–0xF are reserved and rejected.
public enum WebSocketOpcode: UInt8, Sendable, Equatable, CaseIterable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Close, ping and pong (RFC 6455 §5.5): at most 125 payload bytes, never fragmented.
    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// Why a server's bytes are not a valid WebSocket frame or message sequence.
public enum WebSocketFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// RSV1–3 set without a negotiated extension (RFC 6455 §5.2); `bits` is the frame's first byte & 0x70.
    case reservedBitsSet(bits: UInt8)
    /// An opcode RFC 6455 reserves (0x3–0x7, 0xB–0xF).
    case reservedOpcode(UInt8)
    /// A server frame with the MASK bit set (RFC 6455 §5.1: the client must close the connection).
    case maskedServerFrame
    /// A client frame without the MASK bit (only when decoding in the server's role, as the tests do).
    case unmaskedClientFrame
    /// A 64-bit length with its most significant bit set (RFC 6455 §5.2).
    case lengthTopBitSet
    /// A control frame longer than 125 bytes (RFC 6455 §5.5).
    case controlFrameTooLong(opcode: WebSocketOpcode, length: UInt64)
    /// A control frame without FIN (RFC 6455 §5.5: control frames must not be fragmented).
    case fragmentedControlFrame(opcode: WebSocketOpcode)
    /// A frame or a reassembled message larger than the decoder accepts.
    case messageTooLarge(length: UInt64, maximum: Int)
    /// A continuation frame with no fragmented message in progress (RFC 6455 §5.4).
    case unexpectedContinuation
    /// A new text or binary frame while a fragmented message was still open (RFC 6455 §5.4).
    case expectedContinuation(opcode: WebSocketOpcode)
    /// A close frame whose payload is a single byte: too short for a status code (RFC 6455 §5.5.1).
    case invalidClosePayload

    public var description: String {
        switch self {
        case .reservedBitsSet(let bits):
            let hex = String(bits, radix: 16)
            return "the server set reserved WebSocket bits (0x\(hex)) although no extension was negotiated"
        case .reservedOpcode(let opcode):
            return "the server sent a WebSocket frame with reserved opcode 0x\(String(opcode, radix: 16))"
        case .maskedServerFrame:
            return "the server sent a masked WebSocket frame (RFC 6455 §5.1: servers must not mask)"
        case .unmaskedClientFrame:
            return "a client WebSocket frame was not masked (RFC 6455 §5.1)"
        case .lengthTopBitSet:
            return "the server sent a WebSocket frame whose 64-bit length has its most significant bit set"
        case .controlFrameTooLong(let opcode, let length):
            return "the server sent a WebSocket \(opcode) frame of \(length) bytes (control frames carry at most 125)"
        case .fragmentedControlFrame(let opcode):
            return "the server sent a fragmented WebSocket \(opcode) frame (control frames must not be fragmented)"
        case .messageTooLarge(let length, let maximum):
            return "the server sent a WebSocket message of \(length) bytes, more than the \(maximum) accepted"
        case .unexpectedContinuation:
            return "the server sent a WebSocket continuation frame with no fragmented message in progress"
        case .expectedContinuation(let opcode):
            return "the server sent a new WebSocket \(opcode) frame inside a fragmented message"
        case .invalidClosePayload:
            return "the server sent a WebSocket close frame with a one-byte payload (no valid status code)"
        }
    }
}

/// One WebSocket frame, unmasked.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    public var opcode: WebSocketOpcode
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The largest header: 2 bytes, 8 of extended length, 4 of masking key.
    public static let maximumHeaderSize = 14

    /// Encodes a client frame (RFC 6455 §5.2): masked with `maskingKey` (its big-endian bytes are the
    /// 4-byte key on the wire), with the shortest of the 7-, 16- and 64-bit length forms.
    /// Callers should take the key from a strong random source (§5.3); `randomMaskingKey()` does.
    public static func encodeClientFrame(
        opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true, maskingKey: UInt32
    ) -> [UInt8] {
        let key: [UInt8] = [
            UInt8(truncatingIfNeeded: maskingKey >> 24), UInt8(truncatingIfNeeded: maskingKey >> 16),
            UInt8(truncatingIfNeeded: maskingKey >> 8), UInt8(truncatingIfNeeded: maskingKey),
        ]
        var frame = header(fin: fin, opcode: opcode, length: payload.count, masked: true)
        frame.reserveCapacity(frame.count + 4 + payload.count)
        frame += key
        for (index, byte) in payload.enumerated() {
            frame.append(byte ^ key[index & 3])
        }
        return frame
    }

    /// A binary client frame with a fresh random masking key: what MQTT over WebSockets sends.
    public static func encodeClientFrame(binary payload: [UInt8]) -> [UInt8] {
        encodeClientFrame(opcode: .binary, payload: payload, maskingKey: randomMaskingKey())
    }

    /// Encodes a server frame: unmasked. For tests and fakes; the prober never sends one.
    public static func encodeServerFrame(opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        header(fin: fin, opcode: opcode, length: payload.count, masked: false) + payload
    }

    /// The payload of a close frame: the status code big-endian, then the reason in UTF-8 (RFC 6455 §5.5.1),
    /// cut so the whole stays within 125 bytes. No code gives an empty payload.
    public static func closePayload(code: UInt16?, reason: String = "") -> [UInt8] {
        guard let code else { return [] }
        return [UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code)]
            + truncatedUTF8(reason, maximumBytes: 123)
    }

    /// A masking key from the system's random source (RFC 6455 §5.3: unpredictable).
    public static func randomMaskingKey() -> UInt32 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    private static func header(fin: Bool, opcode: WebSocketOpcode, length: Int, masked: Bool) -> [UInt8] {
        let first = (fin ? 0x80 : 0x00) | opcode.rawValue
        let mask: UInt8 = masked ? 0x80 : 0x00
        if length <= 125 {
            return [first, mask | UInt8(truncatingIfNeeded: length)]
        }
        if length <= 0xFFFF {
            return [first, mask | 126, UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
        }
        let wide = UInt64(length)
        return [first, mask | 127] + (0..<8).map { UInt8(truncatingIfNeeded: wide >> (56 - 8 * UInt64($0))) }
    }

    private static func truncatedUTF8(_ text: String, maximumBytes: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if bytes.count + encoded.count > maximumBytes { break }
            bytes += encoded
        }
        return bytes
    }

    /// Decodes one frame from the front of `bytes`.
    ///
    /// Returns nil when `bytes` holds only part of a frame (read more and try again), else the frame and how
    /// many bytes it took. Frames from a server must be unmasked; `fromClient: true` decodes in the server's
    /// role instead (masked frames required, unmasked on return), which is how tests check the encoder.
    /// A declared payload longer than `maximumPayloadSize` fails as soon as the header is complete, before
    /// anything is buffered for it.
    public static func decode(
        _ bytes: ArraySlice<UInt8>, maximumPayloadSize: Int, fromClient: Bool = false
    ) throws(WebSocketFrameError) -> (frame: WebSocketFrame, consumed: Int)? {
        var cursor = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let first = bytes[cursor]
        let second = bytes[cursor + 1]
        cursor += 2

        let reserved = first & 0x70
        guard reserved == 0 else { throw .reservedBitsSet(bits: reserved) }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .reservedOpcode(first & 0x0F) }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        if fromClient {
            guard masked else { throw .unmaskedClientFrame }
        } else {
            guard !masked else { throw .maskedServerFrame }
        }
        if opcode.isControl && !fin { throw .fragmentedControlFrame(opcode: opcode) }

        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard bytes.endIndex - cursor >= 2 else { return nil }
            length = UInt64(bytes[cursor]) << 8 | UInt64(bytes[cursor + 1])
            cursor += 2
        } else if length == 127 {
            guard bytes.endIndex - cursor >= 8 else { return nil }
            length = 0
            for offset in 0..<8 { length = length << 8 | UInt64(bytes[cursor + offset]) }
            cursor += 8
            guard length & (1 << 63) == 0 else { throw .lengthTopBitSet }
        }
        if opcode.isControl && length > 125 { throw .controlFrameTooLong(opcode: opcode, length: length) }
        guard length <= UInt64(max(0, maximumPayloadSize)) else {
            throw .messageTooLarge(length: length, maximum: maximumPayloadSize)
        }
        // length <= maximumPayloadSize, an Int, so the conversion is exact.
        let count = Int(length)

        var key: [UInt8] = []
        if masked {
            guard bytes.endIndex - cursor >= 4 else { return nil }
            key = Array(bytes[cursor..<(cursor + 4)])
            cursor += 4
        }
        guard bytes.endIndex - cursor >= count else { return nil }
        var payload = Array(bytes[cursor..<(cursor + count)])
        if masked {
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        cursor += count
        return (WebSocketFrame(fin: fin, opcode: opcode, payload: payload), cursor - bytes.startIndex)
    }
}

/// What a server's frames amount to once fragments are joined: the events a client acts on.
public enum WebSocketMessage: Sendable, Equatable {
    /// A complete text or binary message (opcode `.text` or `.binary`).
    case data(opcode: WebSocketOpcode, payload: [UInt8])
    /// The client must answer with a pong carrying the same payload (RFC 6455 §5.5.2).
    case ping([UInt8])
    case pong([UInt8])
    /// The server starts the closing handshake; `code` is nil when the frame carried no status (1005).
    case close(code: UInt16?, reason: String)
}

/// Incremental decoder of a server's byte stream into messages (RFC 6455 §5.4 fragmentation, §5.5 control
/// frames, which may arrive between the fragments of a message).
///
/// Memory stays bounded by `maximumMessageSize`: a frame that declares more is refused from its header, and
/// fragments are refused as soon as their sum passes it. After an error the stream is unusable: close it.
public struct WebSocketFrameDecoder: Sendable {
    public let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var fragments: [UInt8] = []
    private var fragmentedOpcode: WebSocketOpcode?
    private var failure: WebSocketFrameError?

    public init(maximumMessageSize: Int = 1 << 20) {
        self.maximumMessageSize = max(125, maximumMessageSize)
    }

    /// Bytes received but not yet decoded.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds bytes as they arrived.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next frame, or nil when more bytes are needed. Frames only: fragments are not joined.
    public mutating func nextFrame() throws(WebSocketFrameError) -> WebSocketFrame? {
        if let failure { throw failure }
        do {
            guard
                let (frame, consumed) = try WebSocketFrame.decode(
                    buffer[start...], maximumPayloadSize: maximumMessageSize)
            else { return nil }
            start += consumed
            if start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            return frame
        } catch {
            failure = error
            throw error
        }
    }

    /// The next message or control event, or nil when more bytes are needed.
    public mutating func nextMessage() throws(WebSocketFrameError) -> WebSocketMessage? {
        while let frame = try nextFrame() {
            do {
                if let message = try assemble(frame) { return message }
            } catch {
                failure = error
                throw error
            }
        }
        return nil
    }

    private mutating func assemble(_ frame: WebSocketFrame) throws(WebSocketFrameError) -> WebSocketMessage? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close:
            if frame.payload.isEmpty { return .close(code: nil, reason: "") }
            guard frame.payload.count >= 2 else { throw .invalidClosePayload }
            let code = UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1])
            return .close(code: code, reason: String(decoding: frame.payload.dropFirst(2), as: UTF8.self))
        case .text, .binary:
            if fragmentedOpcode != nil { throw .expectedContinuation(opcode: frame.opcode) }
            if frame.fin { return .data(opcode: frame.opcode, payload: frame.payload) }
            fragmentedOpcode = frame.opcode
            fragments = frame.payload
            return nil
        case .continuation:
            guard let opcode = fragmentedOpcode else { throw .unexpectedContinuation }
            let total = fragments.count + frame.payload.count
            guard total <= maximumMessageSize else {
                throw .messageTooLarge(length: UInt64(total), maximum: maximumMessageSize)
            }
            fragments += frame.payload
            guard frame.fin else { return nil }
            let payload = fragments
            fragments = []
            fragmentedOpcode = nil
            return .data(opcode: opcode, payload: payload)
        }
    }
}
