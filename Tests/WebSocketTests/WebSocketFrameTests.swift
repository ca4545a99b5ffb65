import TestSupport
import Testing
import WebSocket

/// RFC 6455 §5 framing: the examples of §5.7, every rule a server frame can break, and a seeded fuzz loop.
@Suite(.timeLimit(.minutes(10))) struct WebSocketFrameTests {
    static let hello: [UInt8] = Array("Hello".utf8)

    private func decodeServer(
        _ bytes: [UInt8], maximum: Int = 1 << 20
    ) throws(WebSocketFrameError) -> (WebSocketFrame, Int)? {
        try WebSocketFrame.decode(bytes[...], maximumPayloadSize: maximum).map { ($0.frame, $0.consumed) }
    }

    // MARK: RFC 6455 §5.7 examples

    @Test func singleFrameUnmaskedText() throws {
        let wire: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        #expect(WebSocketFrame.encodeServerFrame(opcode: .text, payload: Self.hello) == wire)
        let decoded = try #require(try decodeServer(wire))
        #expect(decoded.0 == WebSocketFrame(fin: true, opcode: .text, payload: Self.hello))
        #expect(decoded.1 == 7)
    }

    @Test func singleFrameMaskedText() throws {
        let wire: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(WebSocketFrame.encodeClientFrame(opcode: .text, payload: Self.hello, maskingKey: 0x37fa_213d) == wire)
        let decoded = try #require(try WebSocketFrame.decode(wire[...], maximumPayloadSize: 125, fromClient: true))
        #expect(decoded.frame.payload == Self.hello)
        #expect(decoded.consumed == wire.count)
        // The same bytes from a server are a protocol violation.
        #expect(throws: WebSocketFrameError.maskedServerFrame) { _ = try decodeServer(wire) }
    }

    @Test func fragmentedUnmaskedText() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x01, 0x03, 0x48, 0x65, 0x6c])
        #expect(try decoder.nextMessage() == nil)
        decoder.append([0x80, 0x02, 0x6c, 0x6f])
        #expect(try decoder.nextMessage() == .data(opcode: .text, payload: Self.hello))
        #expect(try decoder.nextMessage() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func pingAndMaskedPong() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        #expect(try decoder.nextMessage() == .ping(Self.hello))
        // The answer a client sends: §5.7's masked pong.
        #expect(
            WebSocketFrame.encodeClientFrame(opcode: .pong, payload: Self.hello, maskingKey: 0x37fa_213d)
                == [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])
    }

    @Test func binary256BytesUses16BitLength() throws {
        let payload = (0..<256).map { UInt8(truncatingIfNeeded: $0) }
        let wire = WebSocketFrame.encodeServerFrame(opcode: .binary, payload: payload)
        #expect(Array(wire.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        #expect(wire.count == 4 + 256)
        let decoded = try #require(try decodeServer(wire))
        #expect(decoded.0.payload == payload)

        let masked = WebSocketFrame.encodeClientFrame(opcode: .binary, payload: payload, maskingKey: 0x0102_0304)
        #expect(Array(masked.prefix(8)) == [0x82, 0xFE, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04])
        #expect(
            try WebSocketFrame.decode(masked[...], maximumPayloadSize: 256, fromClient: true)?.frame.payload == payload)
    }

    @Test func binary64KiBUses64BitLength() throws {
        let payload = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let wire = WebSocketFrame.encodeServerFrame(opcode: .binary, payload: payload)
        #expect(Array(wire.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00])
        #expect(wire.count == 10 + 65_536)
        #expect(try decodeServer(wire)?.0.payload == payload)

        let masked = WebSocketFrame.encodeClientFrame(opcode: .binary, payload: payload, maskingKey: 0xdead_beef)
        #expect(Array(masked.prefix(14)) == [0x82, 0xFF, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef])
        #expect(
            try WebSocketFrame.decode(masked[...], maximumPayloadSize: 65_536, fromClient: true)?.frame.payload
                == payload)
    }

    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65_535, 4), (65_536, 10)])
    func lengthFormBoundaries(length: Int, headerSize: Int) throws {
        let payload = [UInt8](repeating: 0xAB, count: length)
        let server = WebSocketFrame.encodeServerFrame(opcode: .binary, payload: payload)
        #expect(server.count == headerSize + length)
        let client = WebSocketFrame.encodeClientFrame(opcode: .binary, payload: payload, maskingKey: 0x1234_5678)
        #expect(client.count == headerSize + 4 + length)
        #expect(client[0] == 0x82 && client[1] & 0x80 == 0x80)
        #expect(try decodeServer(server)?.0.payload == payload)
    }

    @Test func randomMaskingKeysDiffer() {
        let a = WebSocketFrame.encodeClientFrame(binary: [1, 2, 3])
        let keys = Set((0..<8).map { _ in WebSocketFrame.randomMaskingKey() })
        #expect(a.count == 2 + 4 + 3 && a[0] == 0x82 && a[1] == 0x83)
        #expect(keys.count > 1)
    }

    // MARK: close

    @Test func closeWithStatusAndReason() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x88, 0x06, 0x03, 0xE9] + Array("away".utf8))
        #expect(try decoder.nextMessage() == .close(code: 1001, reason: "away"))
        decoder.append([0x88, 0x00])
        #expect(try decoder.nextMessage() == .close(code: nil, reason: ""))
    }

    @Test func closePayloadEncoding() {
        #expect(WebSocketFrame.closePayload(code: 1000) == [0x03, 0xE8])
        #expect(WebSocketFrame.closePayload(code: nil).isEmpty)
        #expect(WebSocketFrame.closePayload(code: 1002, reason: "x") == [0x03, 0xEA, 0x78])
        // Reason cut to keep the control frame within 125 bytes, never inside a scalar.
        let long = WebSocketFrame.closePayload(code: 1000, reason: String(repeating: "é", count: 100))
        #expect(long.count <= 125 && long.count == 2 + 122)
    }

    @Test func oneByteCloseIsInvalid() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x88, 0x01, 0x03])
        #expect(throws: WebSocketFrameError.invalidClosePayload) { _ = try decoder.nextMessage() }
    }

    // MARK: malformed server frames

    @Test func reservedBitsAreRejected() {
        #expect(throws: WebSocketFrameError.reservedBitsSet(bits: 0x40)) { _ = try decodeServer([0xC2, 0x00]) }
        #expect(throws: WebSocketFrameError.reservedBitsSet(bits: 0x70)) { _ = try decodeServer([0xF2, 0x00]) }
    }

    @Test(arguments: [UInt8(0x3), 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF])
    func reservedOpcodesAreRejected(opcode: UInt8) {
        #expect(throws: WebSocketFrameError.reservedOpcode(opcode)) { _ = try decodeServer([0x80 | opcode, 0x00]) }
    }

    @Test func controlFramesLongerThan125AreRejected() {
        #expect(throws: WebSocketFrameError.controlFrameTooLong(opcode: .ping, length: 126)) {
            _ = try decodeServer([0x89, 0x7E, 0x00, 0x7E])
        }
        #expect(throws: WebSocketFrameError.controlFrameTooLong(opcode: .close, length: 1 << 40)) {
            _ = try decodeServer([0x88, 0x7F, 0, 0, 0x01, 0, 0, 0, 0, 0])
        }
        // 125 is fine.
        #expect(throws: Never.self) { _ = try decodeServer([0x8A, 0x7D] + [UInt8](repeating: 0, count: 125)) }
    }

    @Test func fragmentedControlFramesAreRejected() {
        #expect(throws: WebSocketFrameError.fragmentedControlFrame(opcode: .ping)) {
            _ = try decodeServer([0x09, 0x00])
        }
        #expect(throws: WebSocketFrameError.fragmentedControlFrame(opcode: .close)) {
            _ = try decodeServer([0x08, 0x00])
        }
    }

    @Test func lengthWithTopBitIsRejected() {
        #expect(throws: WebSocketFrameError.lengthTopBitSet) {
            _ = try decodeServer([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: WebSocketFrameError.lengthTopBitSet) {
            _ = try decodeServer([0x82, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        }
    }

    @Test func oversizedFrameFailsFromItsHeader() {
        // Only the header has arrived: refused before anything is buffered for the payload.
        #expect(throws: WebSocketFrameError.messageTooLarge(length: 0x7FFF_FFFF_FFFF_FFFF, maximum: 1024)) {
            _ = try decodeServer([0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], maximum: 1024)
        }
        #expect(throws: WebSocketFrameError.messageTooLarge(length: 1025, maximum: 1024)) {
            _ = try decodeServer([0x82, 0x7E, 0x04, 0x01], maximum: 1024)
        }
    }

    @Test func unmaskedClientFrameIsRejectedInServerRole() {
        #expect(throws: WebSocketFrameError.unmaskedClientFrame) {
            _ = try WebSocketFrame.decode([0x82, 0x00][...], maximumPayloadSize: 10, fromClient: true)
        }
    }

    @Test func everyPrefixOfAFrameAsksForMore() throws {
        let frames = [
            WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: 300)),
            WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: 70_000)),
            WebSocketFrame.encodeServerFrame(opcode: .close, payload: [0x03, 0xE8]),
        ]
        for frame in frames {
            for cut in [0, 1, 2, 3, 5, 9, 10, frame.count - 1] where cut < frame.count {
                #expect(try decodeServer(Array(frame.prefix(cut))) == nil, "prefix \(cut) of \(frame.count)")
            }
            #expect(try decodeServer(frame)?.1 == frame.count)
        }
    }

    @Test func decodeStopsAtTheFrameBoundary() throws {
        let first = WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [1, 2, 3])
        let second = WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [4])
        let decoded = try #require(try decodeServer(first + second))
        #expect(decoded.0.payload == [1, 2, 3] && decoded.1 == first.count)
        // Slices with a non-zero start index work too.
        let both = first + second
        #expect(try WebSocketFrame.decode(both[first.count...], maximumPayloadSize: 10)?.frame.payload == [4])
    }

    // MARK: fragmentation

    @Test func controlFramesBetweenFragments() throws {
        var decoder = WebSocketFrameDecoder()
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [1, 2], fin: false))
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .ping, payload: [9]))
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: [3], fin: false))
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .pong, payload: []))
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: [4, 5]))
        #expect(try decoder.nextMessage() == .ping([9]))
        #expect(try decoder.nextMessage() == .pong([]))
        #expect(try decoder.nextMessage() == .data(opcode: .binary, payload: [1, 2, 3, 4, 5]))
        #expect(try decoder.nextMessage() == nil)
    }

    @Test func continuationWithoutStartIsRejected() {
        var decoder = WebSocketFrameDecoder()
        decoder.append([0x80, 0x01, 0x00])
        #expect(throws: WebSocketFrameError.unexpectedContinuation) { _ = try decoder.nextMessage() }
        // Errors stick: the stream is unusable afterwards.
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [1]))
        #expect(throws: WebSocketFrameError.unexpectedContinuation) { _ = try decoder.nextMessage() }
    }

    @Test func newMessageInsideFragmentedOneIsRejected() {
        var decoder = WebSocketFrameDecoder()
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [1], fin: false))
        decoder.append(WebSocketFrame.encodeServerFrame(opcode: .text, payload: [2]))
        #expect(throws: WebSocketFrameError.expectedContinuation(opcode: .text)) { _ = try decoder.nextMessage() }
    }

    @Test func fragmentsBeyondTheMaximumAreRejected() {
        var decoder = WebSocketFrameDecoder(maximumMessageSize: 200)
        decoder.append(
            WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [UInt8](repeating: 1, count: 150), fin: false))
        decoder.append(
            WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: [UInt8](repeating: 1, count: 60)))
        #expect(throws: WebSocketFrameError.messageTooLarge(length: 210, maximum: 200)) {
            _ = try decoder.nextMessage()
        }
    }

    @Test func byteByByteFeedingGivesTheSameMessages() throws {
        var stream: [UInt8] = []
        stream += WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [0x20, 0x02], fin: false)
        stream += WebSocketFrame.encodeServerFrame(opcode: .ping, payload: Self.hello)
        stream += WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: [0x00, 0x00])
        stream += WebSocketFrame.encodeServerFrame(opcode: .binary, payload: [UInt8](repeating: 3, count: 500))
        stream += WebSocketFrame.encodeServerFrame(
            opcode: .close, payload: WebSocketFrame.closePayload(code: 1000, reason: "done"))
        var decoder = WebSocketFrameDecoder()
        var messages: [WebSocketMessage] = []
        for byte in stream {
            decoder.append([byte])
            while let message = try decoder.nextMessage() { messages.append(message) }
        }
        #expect(
            messages == [
                .ping(Self.hello), .data(opcode: .binary, payload: [0x20, 0x02, 0x00, 0x00]),
                .data(opcode: .binary, payload: [UInt8](repeating: 3, count: 500)), .close(code: 1000, reason: "done"),
            ])
    }

    // MARK: fuzz

    private func randomFrame(_ rng: inout SeededGenerator) -> [UInt8] {
        let opcodes: [WebSocketOpcode] = WebSocketOpcode.allCases
        let opcode = opcodes[Int.random(in: 0..<opcodes.count, using: &rng)]
        // A 64-bit length now and then; mutations of the length byte make more of them.
        let lengths = rng.next() % 64 == 0 ? [65_536, 70_000] : [0, 1, 5, 125, 126, 300, 1_000]
        let length = opcode.isControl ? Int.random(in: 0...125, using: &rng) : lengths.randomElement(using: &rng)!
        let payload = rng.bytes(length)
        return WebSocketFrame.encodeServerFrame(
            opcode: opcode, payload: payload, fin: opcode.isControl || Bool.random(using: &rng))
    }

    private func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            case 2:
                let index = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
            case 3 where bytes.count > 1:
                // Length bytes: where oversized and top-bit lengths come from.
                bytes[1] = [0x7E, 0x7F, 0xFF, 0x00, 0x7D].randomElement(using: &rng)!
            default:
                bytes += rng.bytes(Int.random(in: 0...12, using: &rng))
            }
        }
        return bytes
    }

    /// Feeds the decoder in random chunks until it needs more or fails; returns how many messages came out.
    private func drain(_ stream: [UInt8], maximum: Int, _ rng: inout SeededGenerator) -> Int {
        var decoder = WebSocketFrameDecoder(maximumMessageSize: maximum)
        var offset = 0
        var messages = 0
        while offset < stream.count {
            let step = min(stream.count - offset, Int.random(in: 1...max(64, stream.count / 16), using: &rng))
            decoder.append(stream[offset..<(offset + step)])
            offset += step
            do {
                while let _ = try decoder.nextMessage() { messages += 1 }
            } catch {
                #expect(!error.description.isEmpty)
                return messages
            }
        }
        return messages
    }

    @Test func fuzzedFramesNeverTrap() {
        var rng = SeededGenerator(seed: 0x6455)
        var decodedFrames = 0, errors = 0, incomplete = 0
        for iteration in 0..<6_000 {
            let stream: [UInt8]
            switch iteration % 3 {
            case 0:
                stream = rng.bytes(Int.random(in: 0...40, using: &rng))
            case 1:
                stream = mutate(randomFrame(&rng), &rng)
            default:
                stream =
                    (0..<Int.random(in: 1...4, using: &rng)).flatMap { _ in randomFrame(&rng) }
                    + (Bool.random(using: &rng) ? [] : mutate(randomFrame(&rng), &rng))
            }
            let maximum = [0, 10, 125, 1024, 70_000].randomElement(using: &rng)!
            for fromClient in [false, true] {
                do {
                    if let (frame, consumed) = try WebSocketFrame.decode(
                        stream[...], maximumPayloadSize: maximum, fromClient: fromClient)
                    {
                        decodedFrames += 1
                        #expect(consumed <= stream.count && frame.payload.count <= max(0, maximum))
                    } else {
                        incomplete += 1
                    }
                } catch {
                    errors += 1
                }
            }
            _ = drain(stream, maximum: maximum, &rng)
        }
        // The corpus reaches every outcome.
        #expect(decodedFrames > 500 && errors > 500 && incomplete > 500, "\(decodedFrames) \(errors) \(incomplete)")
    }

    @Test func fuzzedClientFramesRoundTrip() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<2_000 {
            let opcode = [WebSocketOpcode.binary, .text, .continuation].randomElement(using: &rng)!
            let length =
                rng.next() % 100 == 0
                ? [65_535, 65_536, 70_000].randomElement(using: &rng)!
                : [0, 1, 3, 4, 125, 126, 127, 300].randomElement(using: &rng)!
            let payload = rng.bytes(length)
            let key = UInt32.random(in: 0...UInt32.max, using: &rng)
            let fin = Bool.random(using: &rng)
            let wire = WebSocketFrame.encodeClientFrame(opcode: opcode, payload: payload, fin: fin, maskingKey: key)
            let decoded = try #require(
                try WebSocketFrame.decode(wire[...], maximumPayloadSize: 70_000, fromClient: true))
            #expect(decoded.frame == WebSocketFrame(fin: fin, opcode: opcode, payload: payload))
            #expect(decoded.consumed == wire.count)
        }
    }

    @Test func splitPointsDoNotChangeTheMessages() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            var stream: [UInt8] = []
            var expected: [WebSocketMessage] = []
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let payload = rng.bytes(Int.random(in: 0...400, using: &rng))
                if Bool.random(using: &rng) {
                    stream += WebSocketFrame.encodeServerFrame(opcode: .binary, payload: payload)
                    expected.append(.data(opcode: .binary, payload: payload))
                } else {
                    let cut = payload.count / 2
                    stream += WebSocketFrame.encodeServerFrame(
                        opcode: .binary, payload: Array(payload[..<cut]), fin: false)
                    stream += WebSocketFrame.encodeServerFrame(opcode: .ping, payload: [UInt8(cut & 0xFF)])
                    stream += WebSocketFrame.encodeServerFrame(opcode: .continuation, payload: Array(payload[cut...]))
                    expected.append(.ping([UInt8(cut & 0xFF)]))
                    expected.append(.data(opcode: .binary, payload: payload))
                }
            }
            var decoder = WebSocketFrameDecoder(maximumMessageSize: 1024)
            var got: [WebSocketMessage] = []
            var offset = 0
            while offset < stream.count {
                let step = min(stream.count - offset, Int.random(in: 1...100, using: &rng))
                decoder.append(stream[offset..<(offset + step)])
                offset += step
                while let message = try decoder.nextMessage() { got.append(message) }
            }
            #expect(got == expected)
            #expect(decoder.bufferedByteCount == 0)
        }
    }
}
