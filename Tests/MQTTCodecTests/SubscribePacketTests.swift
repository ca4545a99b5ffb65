import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct SubscribePacketTests {
    static let examplePayload: [UInt8] = [0x00, 0x03, 0x61, 0x2F, 0x62, 0x01, 0x00, 0x03, 0x63, 0x2F, 0x64, 0x02]
    static let exampleSubscriptions = [
        MQTTSubscription(topicFilter: "a/b", qos: .atLeastOnce),
        MQTTSubscription(topicFilter: "c/d", qos: .exactlyOnce),
    ]

    /// MQTT 3.1.1 §3.8.2.1 and §3.8.3.1 non-normative examples: packet identifier 10; "a/b" QoS 1, "c/d" QoS 2.
    @Test func matchesThe311Example() throws {
        let packet = SubscribePacket(packetIdentifier: 10, subscriptions: Self.exampleSubscriptions)
        #expect(try packet.encode() == frame(0x82, [0x00, 0x0A] + Self.examplePayload))
        #expect(try decode(packet.encode()) == .subscribe(packet))
    }

    /// MQTT 5 §3.8.2 and §3.8.3 non-normative examples: the same, with an empty property block.
    @Test func matchesThe5Example() throws {
        let packet = SubscribePacket(
            protocolVersion: .v5, packetIdentifier: 10, subscriptions: Self.exampleSubscriptions)
        #expect(try packet.encode() == frame(0x82, [0x00, 0x0A, 0x00] + Self.examplePayload))
        #expect(try decode(packet.encode(), .v5) == .subscribe(packet))
    }

    @Test func v5SubscriptionOptions() throws {
        let subscription = MQTTSubscription(
            topicFilter: "sport/+/player1", qos: .exactlyOnce, noLocal: true, retainAsPublished: true,
            retainHandling: .doNotSend)
        #expect(subscription.optionsByte == 0x2E)
        let packet = SubscribePacket(
            protocolVersion: .v5, packetIdentifier: 7,
            subscriptions: [
                subscription, MQTTSubscription(topicFilter: "$share/g/#", retainHandling: .sendAtNewSubscribe),
            ],
            properties: [.subscriptionIdentifier(200), .userProperty(name: "a", value: "b")])
        #expect(try roundTrip(.subscribe(packet), .v5) == .subscribe(packet))
    }

    @Test func decoderRefusals() {
        let id: [UInt8] = [0x00, 0x0A]
        let cases: [([UInt8], MQTTProtocolVersion, MQTTDecodingError)] = [
            (
                frame(0x82, id + utf8("a") + [0x04]), .v3_1_1,
                .reservedBitsSet(field: "SUBSCRIBE requested QoS", value: 0x04)
            ),
            (
                frame(0x82, id + [0x00] + utf8("a") + [0x40]), .v5,
                .reservedBitsSet(field: "SUBSCRIBE subscription options", value: 0x40)
            ),
            (frame(0x82, id + utf8("a") + [0x03]), .v3_1_1, .invalidQoS(field: "SUBSCRIBE requested QoS", value: 3)),
            (
                frame(0x82, id + [0x00] + utf8("a") + [0x30]), .v5,
                .protocolViolation(packet: .subscribe, reason: "Retain Handling 3 (MQTT 5 §3.8.3.1)")
            ),
            (frame(0x82, id), .v3_1_1, .emptyPayload(.subscribe)),
            (frame(0x82, id + [0x00]), .v5, .emptyPayload(.subscribe)),
            (frame(0x80, id + utf8("a") + [0x00]), .v3_1_1, .invalidFixedHeaderFlags(type: 8, flags: 0)),
            (frame(0x82, [0x00, 0x00] + utf8("a") + [0x00]), .v3_1_1, .zeroPacketIdentifier(.subscribe)),
            (
                frame(0x82, id + utf8("a/#/b") + [0x00]), .v3_1_1,
                .invalidTopic(
                    field: "SUBSCRIBE topic filter", reason: "'#' must be a whole level and the last one (§4.7.1.2)")
            ),
            (
                frame(0x82, id + utf8("a+") + [0x00]), .v3_1_1,
                .invalidTopic(field: "SUBSCRIBE topic filter", reason: "'+' must be a whole level (§4.7.1.3)")
            ),
            (
                frame(0x82, id + utf8("") + [0x00]), .v3_1_1,
                .invalidTopic(
                    field: "SUBSCRIBE topic filter", reason: "a topic filter has at least one character (§4.7.3)")
            ),
            (
                frame(0x82, id + [0x00] + utf8("$share/g/a") + [0x04]), .v5,
                .protocolViolation(packet: .subscribe, reason: "No Local on a shared subscription (MQTT 5 §3.8.3.1)")
            ),
            (
                frame(0x82, id + [0x04, 0x0B, 0x01, 0x0B, 0x02] + utf8("a") + [0x00]), .v5,
                .duplicateProperty(.subscriptionIdentifier, context: .packet(.subscribe))
            ),
            (
                frame(0x82, id + utf8("a")), .v3_1_1,
                .pastEndOfPacket(field: "SUBSCRIBE requested QoS", needed: 1, available: 0)
            ),
            (
                frame(0x82, id + [0x00, 0x09, 0x61]), .v3_1_1,
                .pastEndOfPacket(field: "SUBSCRIBE topic filter", needed: 9, available: 1)
            ),
        ]
        for (bytes, version, error) in cases {
            #expect(throws: error) { try decode(bytes, version) }
        }
    }

    @Test func encoderRefusals() {
        #expect(throws: MQTTEncodingError.emptyPayload(.subscribe)) {
            try SubscribePacket(packetIdentifier: 1, subscriptions: []).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("subscription options other than QoS")) {
            try SubscribePacket(packetIdentifier: 1, subscriptions: [MQTTSubscription(topicFilter: "a", noLocal: true)])
                .encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("SUBSCRIBE properties")) {
            try SubscribePacket(
                packetIdentifier: 1, subscriptions: Self.exampleSubscriptions, properties: [.subscriptionIdentifier(1)]
            ).encode()
        }
        #expect(throws: MQTTEncodingError.zeroPacketIdentifier(.subscribe)) {
            try SubscribePacket(packetIdentifier: 0, subscriptions: Self.exampleSubscriptions).encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidTopic(
                field: "SUBSCRIBE topic filter", reason: "'+' must be a whole level (§4.7.1.3)")
        ) {
            try SubscribePacket(packetIdentifier: 1, subscriptions: [MQTTSubscription(topicFilter: "a/b+")]).encode()
        }
        #expect(throws: MQTTEncodingError.propertyNotAllowed(.reasonString, context: .packet(.subscribe))) {
            try SubscribePacket(
                protocolVersion: .v5, packetIdentifier: 1, subscriptions: Self.exampleSubscriptions,
                properties: [.reasonString("x")]
            ).encode()
        }
    }

    /// MQTT 3.1.1 §4.7.1 and MQTT 5 §4.7.1, §4.8.2 examples.
    @Test func topicFilterRules() {
        for valid in [
            "#", "+", "sport/tennis/player1/#", "sport/#", "sport/tennis/+", "+/+", "/+", "/finance", "/", "+/tennis/#",
            "$SYS/#",
        ] {
            #expect(MQTTTopic.filterProblem(valid) == nil, "\(valid)")
        }
        for invalid in ["", "sport/tennis#", "sport/tennis/#/ranking", "sport+", "#/a", "a/##"] {
            #expect(MQTTTopic.filterProblem(invalid) != nil, "\(invalid)")
        }
        #expect(MQTTTopic.filterProblem("$share/consumer1/sport/tennis/+", protocolVersion: .v5) == nil)
        for invalid in ["$share//a", "$share/g", "$share/g+/a", "$share/g/"] {
            #expect(MQTTTopic.filterProblem(invalid, protocolVersion: .v5) != nil, "\(invalid)")
        }
        #expect(
            MQTTTopic.filterProblem("$share/g", protocolVersion: .v3_1_1) == nil, "3.1.1 has no shared subscriptions")
        #expect(MQTTTopic.nameProblem("sport/tennis/player1") == nil)
        #expect(MQTTTopic.nameProblem("") != nil && MQTTTopic.nameProblem("", allowEmpty: true) == nil)
    }

    // MARK: SUBACK

    /// MQTT 3.1.1 §3.9.3.1 non-normative example: success QoS 0, 1, 2 and failure.
    @Test func subAckMatchesThe311Example() throws {
        let packet = SubAckPacket(
            packetIdentifier: 10, reasonCodes: [.grantedQoS0, .grantedQoS1, .grantedQoS2, .unspecifiedError])
        #expect(try packet.encode() == [0x90, 0x06, 0x00, 0x0A, 0x00, 0x01, 0x02, 0x80])
        #expect(try decode(packet.encode()) == .subAck(packet))
        #expect(packet.reasonCodes.map(\.grantedQoS) == [.atMostOnce, .atLeastOnce, .exactlyOnce, nil])
    }

    @Test func subAckV5() throws {
        let packet = SubAckPacket(
            protocolVersion: .v5, packetIdentifier: 10, reasonCodes: SubAckReasonCode.allCases,
            properties: [.reasonString("mixed")])
        #expect(try roundTrip(.subAck(packet), .v5) == .subAck(packet))
        #expect(
            try SubAckPacket(protocolVersion: .v5, packetIdentifier: 10, reasonCodes: [.notAuthorized]).encode() == [
                0x90, 0x04, 0x00, 0x0A, 0x00, 0x87,
            ])
        #expect(
            SubAckReasonCode.wildcardSubscriptionsNotSupported.description
                == "0xA2 Wildcard Subscriptions not supported")
        #expect(SubAckReasonCode.grantedQoS0.name == "Granted QoS 0")
    }

    @Test func subAckRefusals() {
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x03, packet: .subAck)) {
            try decode([0x90, 0x03, 0x00, 0x0A, 0x03])
        }
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x87, packet: .subAck)) {
            try decode([0x90, 0x03, 0x00, 0x0A, 0x87])
        }
        #expect(throws: Never.self) { try decode([0x90, 0x04, 0x00, 0x0A, 0x00, 0x87], .v5) }
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x04, packet: .subAck)) {
            try decode([0x90, 0x04, 0x00, 0x0A, 0x00, 0x04], .v5)
        }
        #expect(throws: MQTTDecodingError.emptyPayload(.subAck)) { try decode([0x90, 0x02, 0x00, 0x0A]) }
        #expect(throws: MQTTDecodingError.emptyPayload(.subAck)) { try decode([0x90, 0x03, 0x00, 0x0A, 0x00], .v5) }
        #expect(throws: MQTTEncodingError.requiresMQTT5("SUBACK code 0x87 Not authorized")) {
            try SubAckPacket(packetIdentifier: 1, reasonCodes: [.notAuthorized]).encode()
        }
        #expect(throws: MQTTEncodingError.emptyPayload(.subAck)) {
            try SubAckPacket(packetIdentifier: 1, reasonCodes: []).encode()
        }
    }

    // MARK: UNSUBSCRIBE, UNSUBACK

    /// MQTT 3.1.1 §3.10.3.1 non-normative example: "a/b" and "c/d".
    @Test func unsubscribeMatchesThe311Example() throws {
        let packet = UnsubscribePacket(packetIdentifier: 10, topicFilters: ["a/b", "c/d"])
        #expect(
            try packet.encode() == [0xA2, 0x0C, 0x00, 0x0A, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x00, 0x03, 0x63, 0x2F, 0x64])
        #expect(try decode(packet.encode()) == .unsubscribe(packet))
        let v5 = UnsubscribePacket(
            protocolVersion: .v5, packetIdentifier: 10, topicFilters: ["a/b"],
            properties: [.userProperty(name: "a", value: "")])
        #expect(try roundTrip(.unsubscribe(v5), .v5) == .unsubscribe(v5))
    }

    @Test func unsubAckInBothVersions() throws {
        #expect(try UnsubAckPacket(packetIdentifier: 10).encode() == [0xB0, 0x02, 0x00, 0x0A])
        #expect(try decode([0xB0, 0x02, 0x00, 0x0A]) == .unsubAck(UnsubAckPacket(packetIdentifier: 10)))
        let v5 = UnsubAckPacket(
            protocolVersion: .v5, packetIdentifier: 10, reasonCodes: [.success, .noSubscriptionExisted])
        #expect(try v5.encode() == [0xB0, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x11])
        let all = UnsubAckPacket(
            protocolVersion: .v5, packetIdentifier: 3, reasonCodes: UnsubAckReasonCode.allCases,
            properties: [.reasonString("r")])
        #expect(try roundTrip(.unsubAck(all), .v5) == .unsubAck(all))
    }

    @Test func unsubscribeRefusals() {
        #expect(throws: MQTTDecodingError.emptyPayload(.unsubscribe)) { try decode([0xA2, 0x02, 0x00, 0x0A]) }
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 10, flags: 0)) {
            try decode(frame(0xA0, [0x00, 0x0A] + utf8("a")))
        }
        #expect(throws: MQTTDecodingError.emptyPayload(.unsubAck)) { try decode([0xB0, 0x03, 0x00, 0x0A, 0x00], .v5) }
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x10, packet: .unsubAck)) {
            try decode([0xB0, 0x04, 0x00, 0x0A, 0x00, 0x10], .v5)
        }
        #expect(throws: MQTTDecodingError.trailingBytes(packet: .unsubAck, count: 1)) {
            try decode([0xB0, 0x03, 0x00, 0x0A, 0x00])
        }
        #expect(throws: MQTTEncodingError.emptyPayload(.unsubscribe)) {
            try UnsubscribePacket(packetIdentifier: 1, topicFilters: []).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("UNSUBACK reason codes")) {
            try UnsubAckPacket(packetIdentifier: 1, reasonCodes: [.success]).encode()
        }
        #expect(throws: MQTTEncodingError.emptyPayload(.unsubAck)) {
            try UnsubAckPacket(protocolVersion: .v5, packetIdentifier: 1).encode()
        }
    }
}
