import MQTTCodec
import TestSupport
import Testing

/// Seeded random and mutated packets for every version: the decoder never traps, every outcome is a
/// packet, nil (more bytes needed) or a typed error, and whatever decodes re-encodes to the same packet.
@Suite(.timeLimit(.minutes(10))) struct DecoderFuzzTests {
    /// Valid packets of every modelled type, encoded by the library for `version`.
    static func corpus(_ version: MQTTProtocolVersion) throws -> [[UInt8]] {
        let v5 = version == .v5
        let properties: (MQTTProperties) -> MQTTProperties = { v5 ? $0 : [] }
        var packets: [MQTTPacket] = [
            .connect(
                ConnectPacket(
                    protocolVersion: version, clientIdentifier: "fuzz", cleanSession: true, keepAliveSeconds: 30,
                    username: "u",
                    password: [1, 2],
                    will: MQTTWill(
                        topic: "w/t", payload: [9], qos: .atLeastOnce, retain: true,
                        properties: properties([.willDelayInterval(3)])),
                    properties: properties([
                        .sessionExpiryInterval(10), .receiveMaximum(5), .userProperty(name: "a", value: "b"),
                    ]))),
            .connAck(
                v5
                    ? ConnAckPacket(
                        sessionPresent: true, reasonCode: .success,
                        properties: [.maximumQoS(.atLeastOnce), .assignedClientIdentifier("id"), .topicAliasMaximum(3)])
                    : ConnAckPacket(protocolVersion: version, sessionPresent: false, returnCode: .notAuthorized)),
            .publish(
                PublishPacket(
                    protocolVersion: version, topicName: "a/b", payload: Array("payload".utf8), qos: .exactlyOnce,
                    retain: true, dup: true,
                    packetIdentifier: 77,
                    properties: properties([.topicAlias(2), .contentType("t"), .subscriptionIdentifier(300)]))),
            .publish(PublishPacket(protocolVersion: version, topicName: "x", payload: [0, 1, 2])),
            .pubAck(
                PubAckPacket(
                    protocolVersion: version, packetIdentifier: 77, reasonCode: v5 ? .quotaExceeded : .success,
                    properties: properties([.reasonString("r")]))),
            .subscribe(
                SubscribePacket(
                    protocolVersion: version, packetIdentifier: 3,
                    subscriptions: [
                        MQTTSubscription(topicFilter: "a/+/#", qos: .atLeastOnce),
                        MQTTSubscription(topicFilter: "b", qos: .exactlyOnce, noLocal: v5),
                    ],
                    properties: properties([.subscriptionIdentifier(9)]))),
            .subAck(
                SubAckPacket(
                    protocolVersion: version, packetIdentifier: 3, reasonCodes: [.grantedQoS1, .unspecifiedError],
                    properties: properties([.reasonString("s")]))),
            .unsubscribe(
                UnsubscribePacket(protocolVersion: version, packetIdentifier: 4, topicFilters: ["a/+/#", "b"])),
            .unsubAck(
                UnsubAckPacket(
                    protocolVersion: version, packetIdentifier: 4,
                    reasonCodes: v5 ? [.success, .noSubscriptionExisted] : [])),
            .pingReq, .pingResp,
            .disconnect(
                DisconnectPacket(
                    protocolVersion: version, reasonCode: v5 ? .serverMoved : .normalDisconnection,
                    properties: properties([.serverReference("s")]))),
            .other(type: 6, flags: 2, body: [0x00, 0x01]),
        ]
        if v5 {
            packets.append(
                .auth(
                    AuthPacket(
                        reasonCode: .continueAuthentication,
                        properties: [.authenticationMethod("m"), .authenticationData([1])])))
        }
        return try packets.map { try $0.encode() }
    }

    /// One mutation of `bytes`: flip a bit, replace, insert or delete a byte, truncate, extend, or splice.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        let index = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 7 {
        case 0 where !bytes.isEmpty: bytes[index] ^= 1 << UInt8(rng.next() % 8)
        case 1 where !bytes.isEmpty: bytes[index] = UInt8(truncatingIfNeeded: rng.next())
        case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: index)
        case 3 where !bytes.isEmpty: bytes.remove(at: index)
        case 4: bytes = Array(bytes.prefix(index))
        case 5: bytes += (0..<Int(rng.next() % 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        default:
            // A remaining length or property length byte set at random.
            if bytes.count > 1 {
                bytes[1 + Int(rng.next() % UInt64(min(bytes.count - 1, 8)))] = UInt8(truncatingIfNeeded: rng.next())
            }
        }
        return bytes
    }

    struct Tally {
        var packets = 0
        var incomplete = 0
        var errors = 0
        var reencoded = 0
    }

    /// Feeds `bytes`; checks that each decoded packet re-encodes and decodes to itself.
    static func feed(_ bytes: [UInt8], _ version: MQTTProtocolVersion, _ tally: inout Tally) {
        var decoder = MQTTPacketDecoder(maximumPacketSize: 4096, protocolVersion: version)
        decoder.append(bytes)
        do {
            while let packet = try decoder.nextPacket() {
                tally.packets += 1
                guard let again = try? packet.encode() else {
                    // The one thing a peer may send that this encoder refuses: 3.1.1 §3.1.3.1 lets a server
                    // answer an empty client identifier without Clean Session with CONNACK 0x02.
                    guard case .connect(let connect) = packet else {
                        Issue.record("\(packet) does not re-encode"); continue
                    }
                    #expect(connect.clientIdentifier.isEmpty && !connect.cleanSession)
                    continue
                }
                var check = MQTTPacketDecoder(protocolVersion: version)
                check.append(again)
                #expect(try check.nextPacket() == packet)
                tally.reencoded += 1
            }
            tally.incomplete += decoder.bufferedByteCount > 0 ? 1 : 0
        } catch {
            _ = error.description
            tally.errors += 1
        }
    }

    @Test(arguments: MQTTProtocolVersion.allCases)
    func mutatedPacketsNeverTrap(version: MQTTProtocolVersion) throws {
        let corpus = try Self.corpus(version)
        var rng = SeededGenerator(seed: 0x5EED_0000 + UInt64(version.level))
        var tally = Tally()
        for round in 0..<20_000 {
            var bytes = corpus[round % corpus.count]
            for _ in 0...(rng.next() % 4) { bytes = Self.mutate(bytes, &rng) }
            Self.feed(bytes, version, &tally)
        }
        // Both outcomes must occur, or the mutations are not reaching the decoders.
        #expect(tally.reencoded > 2_000 && tally.errors > 2_000 && tally.incomplete > 500, "\(tally)")
    }

    @Test(arguments: MQTTProtocolVersion.allCases)
    func randomBytesNeverTrap(version: MQTTProtocolVersion) {
        var rng = SeededGenerator(seed: 0xBADC0DE + UInt64(version.level))
        var tally = Tally()
        for _ in 0..<10_000 {
            // A valid first byte and a small remaining length, so the bodies reach the packet decoders.
            let body = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let type = UInt8(1 + rng.next() % 15)
            let flags = MQTTPacketType(rawValue: type)?.requiredFlags ?? UInt8(rng.next() % 6)
            Self.feed(frame(type << 4 | flags, body), version, &tally)
            Self.feed((0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, version, &tally)
        }
        #expect(tally.errors > 2_000, "\(tally)")
    }

    /// Every strict prefix of a valid packet asks for more bytes; the whole packet decodes.
    @Test(arguments: MQTTProtocolVersion.allCases)
    func prefixesWaitForMoreBytes(version: MQTTProtocolVersion) throws {
        for bytes in try Self.corpus(version) {
            var decoder = MQTTPacketDecoder(protocolVersion: version)
            for (offset, byte) in bytes.enumerated() {
                #expect(try decoder.nextPacket() == nil)
                #expect(decoder.bufferedByteCount == offset)
                decoder.append([byte])
            }
            #expect(try decoder.nextPacket() != nil)
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test func sizeLimitIsInclusiveAndChecksBeforeBuffering() throws {
        let packet = try PublishPacket(topicName: "t", payload: Array(repeating: 1, count: 100)).encode()
        var exact = MQTTPacketDecoder(maximumPacketSize: packet.count)
        exact.append(packet)
        #expect(try exact.nextPacket() != nil)
        var tight = MQTTPacketDecoder(maximumPacketSize: packet.count - 1)
        tight.append(packet.prefix(3))
        #expect(throws: MQTTDecodingError.packetTooLarge(packet.count)) { try tight.nextPacket() }
    }
}
