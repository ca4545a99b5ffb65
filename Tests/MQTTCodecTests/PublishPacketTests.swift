import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct PublishPacketTests {
    /// MQTT 3.1.1 §3.3.2.3, the variable header non-normative example: topic "a/b", packet identifier 10.
    @Test func matchesThe311VariableHeaderExample() throws {
        let packet = PublishPacket(topicName: "a/b", payload: Array("hi".utf8), qos: .atLeastOnce, packetIdentifier: 10)
        #expect(try packet.encode() == [0x32, 0x09, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x0A, 0x68, 0x69])
        #expect(try decode(packet.encode()) == .publish(packet))
    }

    /// MQTT 5 §3.3.2.3.9, figure 3-9: topic "a/b", packet identifier 10, no properties.
    @Test func matchesThe5VariableHeaderExample() throws {
        let packet = PublishPacket(protocolVersion: .v5, topicName: "a/b", qos: .exactlyOnce, packetIdentifier: 10)
        #expect(try packet.encode() == [0x34, 0x08, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x0A, 0x00])
        #expect(try decode(packet.encode(), .v5) == .publish(packet))
    }

    /// MQTT 3.1.1 §1.5.3.1 and MQTT 5 §1.5.4 (figure 1-2), the UTF-8 string non-normative example: "A" U+2A6D4 is 00 05 41 F0 AA 9B 94.
    @Test func utf8StringExampleFromTheSpec() throws {
        let bytes = try PublishPacket(topicName: "A\u{2A6D4}").encode()
        #expect(bytes == [0x30, 0x07, 0x00, 0x05, 0x41, 0xF0, 0xAA, 0x9B, 0x94])
        #expect(try decode(bytes) == .publish(PublishPacket(topicName: "A\u{2A6D4}")))
    }

    /// [MQTT-1.5.3-3]: a byte order mark inside a string is U+FEFF and is kept.
    @Test func byteOrderMarkIsKept() throws {
        let packet = try #require(try decode(frame(0x30, [0x00, 0x04, 0xEF, 0xBB, 0xBF, 0x74])))
        #expect(packet == .publish(PublishPacket(topicName: "\u{FEFF}t")))
    }

    @Test func qos0WithoutPacketIdentifier() throws {
        #expect(
            try decode([0x30, 0x05, 0x00, 0x01, 0x74, 0x68, 0x69])
                == .publish(PublishPacket(topicName: "t", payload: [0x68, 0x69])))
        #expect(try decode([0x31, 0x03, 0x00, 0x01, 0x74]) == .publish(PublishPacket(topicName: "t", retain: true)))
    }

    @Test(arguments: MQTTProtocolVersion.allCases, MQTTQoS.allCases)
    func flagsRoundTrip(version: MQTTProtocolVersion, qos: MQTTQoS) throws {
        for (retain, dup) in [(false, false), (true, false), (false, true), (true, true)]
        where !(dup && qos == .atMostOnce) {
            let packet = PublishPacket(
                protocolVersion: version, topicName: "sensors/t1", payload: Array(repeating: 7, count: 200), qos: qos,
                retain: retain, dup: dup, packetIdentifier: qos == .atMostOnce ? nil : 0xFFFF)
            let bytes = try packet.encode()
            #expect(bytes[0] == 0x30 | (dup ? 0x08 : 0) | qos.rawValue << 1 | (retain ? 1 : 0))
            #expect(Array(bytes[1...2]) == [0xD4 + (qos == .atMostOnce ? 0 : 2) + (version == .v5 ? 1 : 0), 0x01])
            #expect(try roundTrip(.publish(packet), version) == .publish(packet))
        }
    }

    @Test func v5PropertiesRoundTrip() throws {
        let packet = PublishPacket(
            protocolVersion: .v5, topicName: "", payload: Array("{}".utf8), qos: .atLeastOnce, packetIdentifier: 1,
            properties: [
                .topicAlias(3), .payloadFormatIndicator(true), .messageExpiryInterval(60),
                .contentType("application/json"),
                .responseTopic("replies/1"), .correlationData([1, 2]), .userProperty(name: "k", value: "v"),
                .subscriptionIdentifier(1), .subscriptionIdentifier(VariableByteInteger.maximum),
            ])
        let bytes = try packet.encode()
        // Subscription Identifier 268,435,455 is the four-byte Variable Byte Integer FF FF FF 7F.
        #expect(bytes.suffix(7) == [0x0B, 0xFF, 0xFF, 0xFF, 0x7F, 0x7B, 0x7D])
        #expect(try roundTrip(.publish(packet), .v5) == .publish(packet))
        #expect(packet.properties.subscriptionIdentifiers == [1, 268_435_455])
    }

    @Test func decoderRefusals() {
        let cases: [([UInt8], MQTTProtocolVersion, MQTTDecodingError)] = [
            ([0x36, 0x05, 0x00, 0x01, 0x74, 0x00, 0x01], .v3_1_1, .invalidFixedHeaderFlags(type: 3, flags: 0x06)),
            ([0x38, 0x03, 0x00, 0x01, 0x74], .v3_1_1, .invalidFixedHeaderFlags(type: 3, flags: 0x08)),
            ([0x32, 0x05, 0x00, 0x01, 0x74, 0x00, 0x00], .v3_1_1, .zeroPacketIdentifier(.publish)),
            (
                [0x32, 0x04, 0x00, 0x01, 0x74, 0x00], .v3_1_1,
                .pastEndOfPacket(field: "PUBLISH packet identifier", needed: 2, available: 1)
            ),
            (
                frame(0x30, utf8("a/#")), .v3_1_1,
                .invalidTopic(field: "PUBLISH topic name", reason: "a topic name has no wildcard characters (§3.3.2.1)")
            ),
            (
                frame(0x30, utf8("+")), .v5,
                .invalidTopic(field: "PUBLISH topic name", reason: "a topic name has no wildcard characters (§3.3.2.1)")
            ),
            (
                frame(0x30, utf8("")), .v3_1_1,
                .invalidTopic(field: "PUBLISH topic name", reason: "a topic name has at least one character (§4.7.3)")
            ),
            (
                frame(0x30, utf8("") + [0x00]), .v5,
                .protocolViolation(packet: .publish, reason: "empty topic name without a Topic Alias (§3.3.2.3.4)")
            ),
            (
                frame(0x30, utf8("t") + [0x03, 0x23, 0x00, 0x00]), .v5,
                .invalidPropertyValue(.topicAlias, reason: "Topic Alias 0 (§3.3.2.3.4)")
            ),
            (
                frame(0x30, utf8("t") + [0x02, 0x0B, 0x00]), .v5,
                .invalidPropertyValue(
                    .subscriptionIdentifier, reason: "Subscription Identifier 0, outside 1...268435455 (§3.8.2.1.2)")
            ),
            (
                frame(0x30, utf8("t") + [0x06, 0x0B, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]), .v5,
                .malformedVariableByteInteger(field: "PUBLISH Subscription Identifier")
            ),
            (
                frame(0x30, utf8("t") + [0x05, 0x11, 0x00, 0x00, 0x00, 0x01]), .v5,
                .propertyNotAllowed(.sessionExpiryInterval, context: .packet(.publish))
            ),
            (
                frame(0x30, utf8("t") + [0x04, 0x01, 0x01, 0x01, 0x00]), .v5,
                .duplicateProperty(.payloadFormatIndicator, context: .packet(.publish))
            ),
            (
                frame(0x30, utf8("t") + [0x02, 0x01, 0x02]), .v5,
                .invalidPropertyValue(.payloadFormatIndicator, reason: "value 2, expected 0 or 1")
            ),
            (frame(0x30, [0x00, 0x02, 0xED, 0xA0]), .v3_1_1, .invalidUTF8(field: "PUBLISH topic name")),
        ]
        for (bytes, version, error) in cases {
            #expect(throws: error) { try decode(bytes, version) }
        }
    }

    @Test func emptyTopicWithAliasIsFineIn5() throws {
        let bytes = frame(0x30, utf8("") + [0x03, 0x23, 0x00, 0x01] + [0x41])
        #expect(
            try decode(bytes, .v5)
                == .publish(
                    PublishPacket(protocolVersion: .v5, topicName: "", payload: [0x41], properties: [.topicAlias(1)])))
    }

    @Test func encoderRefusals() {
        #expect(
            throws: MQTTEncodingError.protocolViolation(
                "a PUBLISH has a packet identifier exactly when its QoS is 1 or 2 (§3.3.2.2)")
        ) {
            try PublishPacket(topicName: "t", qos: .atLeastOnce).encode()
        }
        #expect(
            throws: MQTTEncodingError.protocolViolation(
                "a PUBLISH has a packet identifier exactly when its QoS is 1 or 2 (§3.3.2.2)")
        ) {
            try PublishPacket(topicName: "t", packetIdentifier: 1).encode()
        }
        #expect(throws: MQTTEncodingError.protocolViolation("DUP must be 0 for a QoS 0 PUBLISH (§3.3.1.1)")) {
            try PublishPacket(topicName: "t", dup: true).encode()
        }
        #expect(throws: MQTTEncodingError.zeroPacketIdentifier(.publish)) {
            try PublishPacket(topicName: "t", qos: .exactlyOnce, packetIdentifier: 0).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("PUBLISH properties")) {
            try PublishPacket(topicName: "t", properties: [.contentType("x")]).encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidTopic(
                field: "PUBLISH topic name", reason: "a topic name has at least one character (§4.7.3)")
        ) {
            try PublishPacket(protocolVersion: .v5, topicName: "").encode()
        }
        #expect(throws: MQTTEncodingError.nullCharacter("PUBLISH topic name")) {
            try PublishPacket(topicName: "a\u{0}").encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidPropertyValue(
                .subscriptionIdentifier, reason: "Subscription Identifier 268435456, outside 1...268435455 (§3.8.2.1.2)"
            )
        ) {
            try PublishPacket(protocolVersion: .v5, topicName: "t", properties: [.subscriptionIdentifier(268_435_456)])
                .encode()
        }
    }

    // MARK: PUBACK

    @Test func pubAckInBothVersions() throws {
        #expect(try PubAckPacket(packetIdentifier: 10).encode() == [0x40, 0x02, 0x00, 0x0A])
        #expect(try decode([0x40, 0x02, 0x00, 0x0A]) == .pubAck(PubAckPacket(packetIdentifier: 10)))
        // MQTT 5 §3.4.2.1: Success without properties may leave out the reason code and property length.
        let shortForm = PubAckPacket(protocolVersion: .v5, packetIdentifier: 10)
        #expect(try shortForm.encode() == [0x40, 0x02, 0x00, 0x0A])
        #expect(try decode([0x40, 0x02, 0x00, 0x0A], .v5) == .pubAck(shortForm))
        #expect(try decode([0x40, 0x03, 0x00, 0x0A, 0x00], .v5) == .pubAck(shortForm))
        #expect(try decode([0x40, 0x04, 0x00, 0x0A, 0x00, 0x00], .v5) == .pubAck(shortForm))
        let noSubscribers = PubAckPacket(protocolVersion: .v5, packetIdentifier: 10, reasonCode: .noMatchingSubscribers)
        #expect(try noSubscribers.encode() == [0x40, 0x03, 0x00, 0x0A, 0x10])
        let refused = PubAckPacket(
            protocolVersion: .v5, packetIdentifier: 10, reasonCode: .notAuthorized, properties: [.reasonString("nope")])
        #expect(try refused.encode() == frame(0x40, [0x00, 0x0A, 0x87] + propertyBlock([0x1F] + utf8("nope"))))
        for code in PubAckReasonCode.allCases {
            let packet = PubAckPacket(
                protocolVersion: .v5, packetIdentifier: 1, reasonCode: code,
                properties: [.userProperty(name: "a", value: "b")])
            #expect(try roundTrip(.pubAck(packet), .v5) == .pubAck(packet))
            #expect(!code.explanation.isEmpty)
        }
        #expect(PubAckReasonCode.noMatchingSubscribers.description == "0x10 No matching subscribers")
    }

    @Test func pubAckRefusals() {
        #expect(throws: MQTTDecodingError.trailingBytes(packet: .pubAck, count: 1)) {
            try decode([0x40, 0x03, 0x00, 0x0A, 0x00])
        }
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x8F, packet: .pubAck)) {
            try decode([0x40, 0x03, 0x00, 0x0A, 0x8F], .v5)
        }
        #expect(throws: MQTTDecodingError.zeroPacketIdentifier(.pubAck)) { try decode([0x40, 0x02, 0x00, 0x00]) }
        #expect(throws: MQTTDecodingError.pastEndOfPacket(field: "PUBACK packet identifier", needed: 2, available: 1)) {
            try decode([0x40, 0x01, 0x00], .v5)
        }
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 4, flags: 2)) {
            try decode([0x42, 0x02, 0x00, 0x01])
        }
        #expect(throws: MQTTDecodingError.propertyNotAllowed(.serverReference, context: .packet(.pubAck))) {
            try decode(frame(0x40, [0x00, 0x01, 0x80] + propertyBlock([0x1C] + utf8("x"))), .v5)
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("PUBACK reason code")) {
            try PubAckPacket(packetIdentifier: 1, reasonCode: .quotaExceeded).encode()
        }
        #expect(throws: MQTTEncodingError.zeroPacketIdentifier(.pubAck)) {
            try PubAckPacket(packetIdentifier: 0).encode()
        }
    }
}
