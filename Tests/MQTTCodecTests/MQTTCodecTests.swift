import MQTTCodec
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(10))) struct MQTTCodecTests {
    @Test func connect311ByteVector() throws {
        let packet = ConnectPacket(clientIdentifier: "chaindoctor-abc", cleanSession: true, keepAliveSeconds: 30)
        let expected: [UInt8] =
            [0x10, 0x1B]  // CONNECT, remaining length 27
            + [0x00, 0x04] + Array("MQTT".utf8)  // protocol name (§3.1.2.1)
            + [0x04]  // level 4 = 3.1.1
            + [0x02]  // clean session
            + [0x00, 0x1E]  // keep alive 30
            + [0x00, 0x0F] + Array("chaindoctor-abc".utf8)
        #expect(try packet.encode() == expected)
    }

    @Test func connectWithCredentialsSetsFlags() throws {
        let packet = ConnectPacket(
            clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 60, username: "u", password: [0x70])
        let bytes = try packet.encode()
        #expect(bytes[9] == 0xC2)
        #expect(Array(bytes.suffix(9)) == [0x00, 0x01, 0x63, 0x00, 0x01, 0x75, 0x00, 0x01, 0x70])
    }

    @Test func connect31UsesMQIsdp() throws {
        let bytes = try ConnectPacket(
            protocolVersion: .v3_1, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0
        ).encode()
        #expect(Array(bytes[2...10]) == [0x00, 0x06] + Array("MQIsdp".utf8) + [0x03])
    }

    @Test func overlongFieldIsRefused() {
        let packet = ConnectPacket(
            clientIdentifier: String(repeating: "x", count: 70_000), cleanSession: true, keepAliveSeconds: 0)
        #expect(throws: ConnectPacket.EncodingError.fieldTooLong("client identifier")) { try packet.encode() }
    }

    @Test(
        arguments: [
            (0, [0x00]), (127, [0x7F]), (128, [0x80, 0x01]), (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
            (2_097_151, [0xFF, 0xFF, 0x7F]), (2_097_152, [0x80, 0x80, 0x80, 0x01]),
            (268_435_455, [0xFF, 0xFF, 0xFF, 0x7F]),
        ] as [(Int, [UInt8])])
    func remainingLengthTable(value: Int, bytes: [UInt8]) throws {
        // MQTT 3.1.1 §2.2.3 table 2.4.
        #expect(VariableByteInteger.encode(value) == bytes)
        let decoded = try #require(try VariableByteInteger.decode(bytes))
        #expect(decoded.value == value && decoded.length == bytes.count)
    }

    @Test func remainingLengthLimits() {
        #expect(VariableByteInteger.encode(268_435_456) == nil)
        #expect(VariableByteInteger.encode(-1) == nil)
        #expect(throws: MQTTDecodingError.malformedRemainingLength) {
            try VariableByteInteger.decode([0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        }
        #expect(throws: Never.self) {
            let partial = try VariableByteInteger.decode([0x80, 0x80])
            #expect(partial == nil, "two continuation bytes: more bytes are needed")
        }
    }

    @Test(arguments: Array(0...5) + [6, 200])
    func connAckReturnCodes(code: Int) throws {
        var decoder = MQTTPacketDecoder()
        decoder.append([0x20, 0x02, 0x00, UInt8(code)])
        let packet = try decoder.nextPacket()
        #expect(
            packet
                == .connAck(ConnAckPacket(sessionPresent: false, returnCode: ConnectReturnCode(rawValue: UInt8(code)))))
        // Table 3.1: 0-5 are the named answers, 6-255 reserved; the named ones are told apart, not lumped.
        let expected: [ConnectReturnCode] = [
            .accepted, .unacceptableProtocolVersion, .identifierRejected, .serverUnavailable, .badUserNameOrPassword,
            .notAuthorized,
        ]
        #expect(ConnectReturnCode(rawValue: UInt8(code)) == (code < 6 ? expected[code] : .reserved(UInt8(code))))
        guard case .connAck(let connAck)? = packet else { return }
        #expect(connAck.isAccepted == (code == 0))
    }

    @Test func connAckWordsFromTheSpec() {
        #expect(ConnectReturnCode(rawValue: 5).description == "Connection Refused, not authorized")
        #expect(ConnectReturnCode(rawValue: 4).description == "Connection Refused, bad user name or password")
        #expect(ConnectReturnCode(rawValue: 1).description == "Connection Refused, unacceptable protocol version")
    }

    @Test func sessionPresentDecodes() throws {
        var decoder = MQTTPacketDecoder()
        decoder.append([0x20, 0x02, 0x01, 0x00])
        #expect(try decoder.nextPacket() == .connAck(ConnAckPacket(sessionPresent: true, returnCode: .accepted)))
    }

    @Test func malformedConnAcks() {
        for bytes: [UInt8] in [
            [0x20, 0x03, 0x00, 0x00, 0x00], [0x20, 0x02, 0x02, 0x00], [0x20, 0x02, 0x01, 0x05],
            [0x21, 0x02, 0x00, 0x00],
        ] {
            var decoder = MQTTPacketDecoder()
            decoder.append(bytes)
            #expect(throws: MQTTDecodingError.self) { try decoder.nextPacket() }
        }
    }

    @Test func byteAtATimeAndTwoPacketsInOneBuffer() throws {
        var decoder = MQTTPacketDecoder()
        let stream: [UInt8] = [0x20, 0x02, 0x00, 0x00, 0xD0, 0x00]
        var packets: [MQTTPacket] = []
        for byte in stream {
            decoder.append([byte])
            while let packet = try decoder.nextPacket() { packets.append(packet) }
        }
        #expect(packets == [.connAck(.init(sessionPresent: false, returnCode: .accepted)), .pingResp])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func reservedTypeAndOversizeAreRejected() {
        var reserved = MQTTPacketDecoder()
        reserved.append([0xF0, 0x00])
        #expect(throws: MQTTDecodingError.reservedPacketType(15)) { try reserved.nextPacket() }
        var big = MQTTPacketDecoder(maximumPacketSize: 1024)
        big.append([0x30, 0xFF, 0xFF, 0x7F])
        #expect(throws: MQTTDecodingError.packetTooLarge(2_097_155)) { try big.nextPacket() }
    }

    @Test func httpIsRecognised() {
        #expect(ForeignProtocolSniffer.sniff(Array("HTTP/1.1 400 Bad Request".utf8)) == .http)
        #expect(ForeignProtocolSniffer.sniff([0x15, 0x03, 0x03, 0x00, 0x02]) == .tlsRecord)
        #expect(ForeignProtocolSniffer.sniff([0x20, 0x02]) == .unknown)
    }

    /// Random and mutated input never traps the decoder; every outcome is a packet, nil, or a typed error.
    @Test func randomInputNeverTraps() {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let valid: [[UInt8]] = [[0x20, 0x02, 0x00, 0x00], [0x30, 0x05, 0x00, 0x01, 0x74, 0x68, 0x69], [0xD0, 0x00]]
        var outcomes = 0
        for round in 0..<10_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = valid[Int(rng.next() % UInt64(valid.count))]
                let index = Int(rng.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: rng.next())
            }
            var decoder = MQTTPacketDecoder(maximumPacketSize: 4096)
            decoder.append(bytes)
            do {
                while try decoder.nextPacket() != nil {}
            } catch {
                _ = error.description
            }
            outcomes += 1
        }
        #expect(outcomes == 10_000)
    }
}
