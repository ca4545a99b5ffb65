import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct MQTTPropertyTests {
    typealias Context = MQTTPropertyContext

    /// MQTT 5 §2.2.2.2 table 2-4, written out again here so the library is checked against the spec, not itself.
    static let table: [(MQTTPropertyIdentifier, UInt8, MQTTPropertyIdentifier.DataType, [Context])] = [
        (.payloadFormatIndicator, 0x01, .byte, [.packet(.publish), .will]),
        (.messageExpiryInterval, 0x02, .fourByteInteger, [.packet(.publish), .will]),
        (.contentType, 0x03, .utf8String, [.packet(.publish), .will]),
        (.responseTopic, 0x08, .utf8String, [.packet(.publish), .will]),
        (.correlationData, 0x09, .binaryData, [.packet(.publish), .will]),
        (.subscriptionIdentifier, 0x0B, .variableByteInteger, [.packet(.publish), .packet(.subscribe)]),
        (.sessionExpiryInterval, 0x11, .fourByteInteger, [.packet(.connect), .packet(.connAck), .packet(.disconnect)]),
        (.assignedClientIdentifier, 0x12, .utf8String, [.packet(.connAck)]),
        (.serverKeepAlive, 0x13, .twoByteInteger, [.packet(.connAck)]),
        (.authenticationMethod, 0x15, .utf8String, [.packet(.connect), .packet(.connAck), .packet(.auth)]),
        (.authenticationData, 0x16, .binaryData, [.packet(.connect), .packet(.connAck), .packet(.auth)]),
        (.requestProblemInformation, 0x17, .byte, [.packet(.connect)]),
        (.willDelayInterval, 0x18, .fourByteInteger, [.will]),
        (.requestResponseInformation, 0x19, .byte, [.packet(.connect)]),
        (.responseInformation, 0x1A, .utf8String, [.packet(.connAck)]),
        (.serverReference, 0x1C, .utf8String, [.packet(.connAck), .packet(.disconnect)]),
        (
            .reasonString, 0x1F, .utf8String,
            [
                .packet(.connAck), .packet(.pubAck), .packet(.pubRec), .packet(.pubRel), .packet(.pubComp),
                .packet(.subAck),
                .packet(.unsubAck), .packet(.disconnect), .packet(.auth),
            ]
        ),
        (.receiveMaximum, 0x21, .twoByteInteger, [.packet(.connect), .packet(.connAck)]),
        (.topicAliasMaximum, 0x22, .twoByteInteger, [.packet(.connect), .packet(.connAck)]),
        (.topicAlias, 0x23, .twoByteInteger, [.packet(.publish)]),
        (.maximumQoS, 0x24, .byte, [.packet(.connAck)]),
        (.retainAvailable, 0x25, .byte, [.packet(.connAck)]),
        (
            .userProperty, 0x26, .utf8StringPair,
            [
                .packet(.connect), .packet(.connAck), .packet(.publish), .will, .packet(.pubAck), .packet(.pubRec),
                .packet(.pubRel),
                .packet(.pubComp), .packet(.subscribe), .packet(.subAck), .packet(.unsubscribe), .packet(.unsubAck),
                .packet(.disconnect), .packet(.auth),
            ]
        ),
        (.maximumPacketSize, 0x27, .fourByteInteger, [.packet(.connect), .packet(.connAck)]),
        (.wildcardSubscriptionAvailable, 0x28, .byte, [.packet(.connAck)]),
        (.subscriptionIdentifierAvailable, 0x29, .byte, [.packet(.connAck)]),
        (.sharedSubscriptionAvailable, 0x2A, .byte, [.packet(.connAck)]),
    ]

    static let allContexts: [Context] = MQTTPacketType.allCases.map { .packet($0) } + [.will]

    static func sample(_ identifier: MQTTPropertyIdentifier) -> MQTTProperty {
        switch identifier {
        case .payloadFormatIndicator: .payloadFormatIndicator(true)
        case .messageExpiryInterval: .messageExpiryInterval(0xFFFF_FFFF)
        case .contentType: .contentType("text/plain; charset=utf-8")
        case .responseTopic: .responseTopic("reply/here")
        case .correlationData: .correlationData([0, 0xFF])
        case .subscriptionIdentifier: .subscriptionIdentifier(16_384)
        case .sessionExpiryInterval: .sessionExpiryInterval(3600)
        case .assignedClientIdentifier: .assignedClientIdentifier("auto-7")
        case .serverKeepAlive: .serverKeepAlive(120)
        case .authenticationMethod: .authenticationMethod("GS2-KRB5")
        case .authenticationData: .authenticationData([1, 2, 3])
        case .requestProblemInformation: .requestProblemInformation(false)
        case .willDelayInterval: .willDelayInterval(5)
        case .requestResponseInformation: .requestResponseInformation(true)
        case .responseInformation: .responseInformation("resp")
        case .serverReference: .serverReference("b.example")
        case .reasonString: .reasonString("because")
        case .receiveMaximum: .receiveMaximum(65535)
        case .topicAliasMaximum: .topicAliasMaximum(0)
        case .topicAlias: .topicAlias(9)
        case .maximumQoS: .maximumQoS(.atLeastOnce)
        case .retainAvailable: .retainAvailable(false)
        case .userProperty: .userProperty(name: "k", value: "v")
        case .maximumPacketSize: .maximumPacketSize(1)
        case .wildcardSubscriptionAvailable: .wildcardSubscriptionAvailable(true)
        case .subscriptionIdentifierAvailable: .subscriptionIdentifierAvailable(false)
        case .sharedSubscriptionAvailable: .sharedSubscriptionAvailable(true)
        }
    }

    /// An MQTT 5 packet carrying `properties` where `context` puts them, or nil for contexts not modelled.
    static func packet(_ properties: MQTTProperties, in context: Context) -> MQTTPacket? {
        let subscriptions = [MQTTSubscription(topicFilter: "a/+")]
        switch context {
        case .will:
            return .connect(
                ConnectPacket(
                    protocolVersion: .v5, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0,
                    will: MQTTWill(topic: "w", payload: [1], properties: properties)))
        case .packet(.connect):
            return .connect(
                ConnectPacket(
                    protocolVersion: .v5, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0,
                    properties: properties))
        case .packet(.connAck): return .connAck(ConnAckPacket(reasonCode: .success, properties: properties))
        case .packet(.publish):
            return .publish(PublishPacket(protocolVersion: .v5, topicName: "t", payload: [1], properties: properties))
        case .packet(.pubAck):
            return .pubAck(PubAckPacket(protocolVersion: .v5, packetIdentifier: 1, properties: properties))
        case .packet(.subscribe):
            return .subscribe(
                SubscribePacket(
                    protocolVersion: .v5, packetIdentifier: 1, subscriptions: subscriptions, properties: properties))
        case .packet(.subAck):
            return .subAck(
                SubAckPacket(
                    protocolVersion: .v5, packetIdentifier: 1, reasonCodes: [.grantedQoS1], properties: properties))
        case .packet(.unsubscribe):
            return .unsubscribe(
                UnsubscribePacket(
                    protocolVersion: .v5, packetIdentifier: 1, topicFilters: ["a/+"], properties: properties))
        case .packet(.unsubAck):
            return .unsubAck(
                UnsubAckPacket(
                    protocolVersion: .v5, packetIdentifier: 1, reasonCodes: [.success], properties: properties))
        case .packet(.disconnect): return .disconnect(DisconnectPacket(protocolVersion: .v5, properties: properties))
        case .packet(.auth): return .auth(AuthPacket(properties: properties))
        case .packet: return nil
        }
    }

    @Test func identifiersAndTypesMatchTable2_4() {
        #expect(Self.table.count == MQTTPropertyIdentifier.allCases.count)
        for (identifier, raw, type, contexts) in Self.table {
            #expect(identifier.rawValue == raw)
            #expect(identifier.dataType == type, "\(identifier)")
            #expect(Self.sample(identifier).identifier == identifier)
            for context in Self.allContexts {
                #expect(identifier.isAllowed(in: context) == contexts.contains(context), "\(identifier) in \(context)")
            }
        }
    }

    /// A property's bytes, written from table 2-4 and §1.5 without the library: identifier, then value.
    static func raw(_ property: MQTTProperty) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] {
            [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        }
        let value: [UInt8]
        switch property {
        case .payloadFormatIndicator(let b), .requestProblemInformation(let b), .requestResponseInformation(let b),
            .retainAvailable(let b), .wildcardSubscriptionAvailable(let b), .subscriptionIdentifierAvailable(let b),
            .sharedSubscriptionAvailable(let b):
            value = [b ? 1 : 0]
        case .maximumQoS(let qos): value = [qos.rawValue]
        case .messageExpiryInterval(let v), .sessionExpiryInterval(let v), .willDelayInterval(let v),
            .maximumPacketSize(let v):
            value = u32(v)
        case .serverKeepAlive(let v), .receiveMaximum(let v), .topicAliasMaximum(let v), .topicAlias(let v):
            value = u16(v)
        case .subscriptionIdentifier(let v):
            value = v < 128 ? [UInt8(v)] : v < 16_384 ? [UInt8(v % 128) | 0x80, UInt8(v / 128)] : [0x80, 0x80, 0x01]
        case .contentType(let s), .responseTopic(let s), .assignedClientIdentifier(let s), .authenticationMethod(let s),
            .responseInformation(let s), .serverReference(let s), .reasonString(let s):
            value = utf8(s)
        case .correlationData(let b), .authenticationData(let b): value = u16(UInt16(b.count)) + b
        case .userProperty(let name, let v): value = utf8(name) + utf8(v)
        }
        let identifier = table.first { $0.0 == property.identifier }?.1 ?? 0
        return [identifier] + value
    }

    /// The bytes of the packet `packet(_:in:)` builds, written by hand around a property block.
    static func rawPacket(_ block: [UInt8], in context: Context) -> [UInt8]? {
        let block = propertyBlock(block)
        switch context {
        case .will:
            return frame(
                0x10,
                utf8("MQTT") + [0x05, 0x06, 0x00, 0x00, 0x00] + utf8("c") + block + utf8("w") + [0x00, 0x01, 0x01])
        case .packet(.connect): return frame(0x10, utf8("MQTT") + [0x05, 0x02, 0x00, 0x00] + block + utf8("c"))
        case .packet(.connAck): return frame(0x20, [0x00, 0x00] + block)
        case .packet(.publish): return frame(0x30, utf8("t") + block + [0x01])
        case .packet(.pubAck): return frame(0x40, [0x00, 0x01, 0x00] + block)
        case .packet(.subscribe): return frame(0x82, [0x00, 0x01] + block + utf8("a/+") + [0x00])
        case .packet(.subAck): return frame(0x90, [0x00, 0x01] + block + [0x01])
        case .packet(.unsubscribe): return frame(0xA2, [0x00, 0x01] + block + utf8("a/+"))
        case .packet(.unsubAck): return frame(0xB0, [0x00, 0x01] + block + [0x00])
        case .packet(.disconnect): return frame(0xE0, [0x00] + block)
        case .packet(.auth): return frame(0xF0, [0x00] + block)
        case .packet: return nil
        }
    }

    /// Every identifier in every modelled context, both ways: where table 2-4 allows it, the encoder writes
    /// the hand-made bytes and the decoder reads them back; elsewhere both refuse it by name.
    @Test func everyIdentifierInEveryContext() throws {
        for (identifier, _, _, contexts) in Self.table {
            for context in Self.allContexts {
                var properties: MQTTProperties = [Self.sample(identifier)]
                if identifier == .authenticationData && context == .packet(.connect) {
                    properties = [.authenticationMethod("m"), Self.sample(identifier)]
                }
                guard let packet = Self.packet(properties, in: context),
                    let bytes = Self.rawPacket(properties.flatMap(Self.raw), in: context)
                else { continue }
                if contexts.contains(context) {
                    #expect(try packet.encode() == bytes, "\(identifier) in \(context)")
                    #expect(try decode(bytes, .v5) == packet, "\(identifier) in \(context)")
                } else {
                    #expect(throws: MQTTEncodingError.propertyNotAllowed(identifier, context: context)) {
                        try packet.encode()
                    }
                    #expect(throws: MQTTDecodingError.propertyNotAllowed(identifier, context: context)) {
                        try decode(bytes, .v5)
                    }
                }
            }
        }
    }

    @Test func onlyUserPropertyAndPublishSubscriptionIdentifiersRepeat() throws {
        for (identifier, _, _, contexts) in Self.table {
            for context in contexts {
                let sample = Self.sample(identifier)
                var properties: MQTTProperties = [sample, sample]
                if identifier == .authenticationData && context == .packet(.connect) {
                    properties.elements.append(.authenticationMethod("m"))
                }
                guard let packet = Self.packet(properties, in: context) else { continue }
                if identifier == .userProperty
                    || (identifier == .subscriptionIdentifier && context == .packet(.publish))
                {
                    #expect(try roundTrip(packet, .v5) == packet)
                } else {
                    #expect(throws: MQTTEncodingError.duplicateProperty(identifier, context: context)) {
                        try packet.encode()
                    }
                }
            }
        }
    }

    @Test func decoderRefusesDuplicatesAndAcceptsRepeats() throws {
        let twoAliases: [UInt8] = [0x23, 0x00, 0x01, 0x23, 0x00, 0x02]
        #expect(throws: MQTTDecodingError.duplicateProperty(.topicAlias, context: .packet(.publish))) {
            try decode(frame(0x30, utf8("t") + propertyBlock(twoAliases)), .v5)
        }
        let twoSubscriptionIdentifiers: [UInt8] = [0x0B, 0x01, 0x0B, 0x80, 0x01]
        let publish = try #require(try decode(frame(0x30, utf8("t") + propertyBlock(twoSubscriptionIdentifiers)), .v5))
        #expect(
            publish
                == .publish(
                    PublishPacket(
                        protocolVersion: .v5, topicName: "t",
                        properties: [.subscriptionIdentifier(1), .subscriptionIdentifier(128)])))
        let userProperties: [UInt8] = [0x26] + utf8("a") + utf8("1") + [0x26] + utf8("a") + utf8("2")
        #expect(
            try decode(frame(0xE0, [0x00] + propertyBlock(userProperties)), .v5)
                == .disconnect(
                    DisconnectPacket(
                        protocolVersion: .v5,
                        properties: [.userProperty(name: "a", value: "1"), .userProperty(name: "a", value: "2")])))
        #expect(throws: MQTTDecodingError.duplicateProperty(.reasonString, context: .packet(.disconnect))) {
            try decode(frame(0xE0, [0x00] + propertyBlock([0x1F] + utf8("a") + [0x1F] + utf8("b"))), .v5)
        }
    }

    /// Strings must be well-formed UTF-8 (3.1.1 §1.5.3 [MQTT-1.5.3-1], MQTT 5 §1.5.4 [MQTT-1.5.4-1]) without
    /// U+0000 ([MQTT-1.5.3-2], [MQTT-1.5.4-2]); checked in a CONNACK Reason String and a user property name.
    @Test func utf8Rules() throws {
        let illFormed: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80],
            [0xFF],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0x41, 0xC3],
        ]
        for bytes in illFormed {
            let string = [UInt8(0), UInt8(bytes.count)] + bytes
            #expect(throws: MQTTDecodingError.invalidUTF8(field: "CONNACK Reason String")) {
                try decode(frame(0x20, [0x00, 0x00] + propertyBlock([0x1F] + string)), .v5)
            }
            #expect(throws: MQTTDecodingError.invalidUTF8(field: "CONNACK User Property name")) {
                try decode(frame(0x20, [0x00, 0x00] + propertyBlock([0x26] + string + utf8("v"))), .v5)
            }
        }
        #expect(throws: MQTTDecodingError.nullCharacter(field: "CONNACK Reason String")) {
            try decode(frame(0x20, [0x00, 0x00] + propertyBlock([0x1F, 0x00, 0x02, 0x41, 0x00])), .v5)
        }
        for text in ["A\u{2A6D4}", "\u{FEFF}", "grüße", "€", "\u{10FFFF}"] {
            let packet = try #require(try decode(frame(0x20, [0x00, 0x00] + propertyBlock([0x1F] + utf8(text))), .v5))
            #expect(packet == .connAck(ConnAckPacket(reasonCode: .success, properties: [.reasonString(text)])))
        }
        #expect(throws: MQTTEncodingError.nullCharacter("CONNACK User Property value")) {
            try ConnAckPacket(reasonCode: .success, properties: [.userProperty(name: "k", value: "\u{0}")]).encode()
        }
    }

    @Test func variableByteIntegersInsidePackets() throws {
        // MQTT 5 [MQTT-1.5.5-1]: the shortest form, also for the Remaining Length.
        #expect(throws: MQTTDecodingError.nonMinimalVariableByteInteger(field: "remaining length")) {
            try decode([0x20, 0x83, 0x00, 0x00, 0x00, 0x00], .v5)
        }
        // 3.1.1 §2.2.3 does not require it; the same bytes are a fine CONNACK there.
        #expect(
            try decode([0x20, 0x82, 0x00, 0x00, 0x00])
                == .connAck(ConnAckPacket(sessionPresent: false, returnCode: .accepted)))
        #expect(throws: MQTTDecodingError.nonMinimalVariableByteInteger(field: "PUBLISH Subscription Identifier")) {
            try decode(frame(0x30, utf8("t") + propertyBlock([0x0B, 0x81, 0x80, 0x00])), .v5)
        }
        for (value, bytes) in [
            (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (16_383, [0xFF, 0x7F]),
            (2_097_152, [0x80, 0x80, 0x80, 0x01]),
        ] as [(Int, [UInt8])] {
            let packet = SubscribePacket(
                protocolVersion: .v5, packetIdentifier: 1, subscriptions: [MQTTSubscription(topicFilter: "a")],
                properties: [.subscriptionIdentifier(value)])
            #expect(
                try packet.encode() == frame(0x82, [0x00, 0x01] + propertyBlock([0x0B] + bytes) + utf8("a") + [0x00]))
        }
    }
}
