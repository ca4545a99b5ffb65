import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct ConnectPacketTests {
    static let will = MQTTWill(topic: "w", payload: [0x21], qos: .atLeastOnce)

    /// MQTT 3.1.1 §3.1.2.10, the variable header non-normative example: name "MQTT", level 4, flags 0xCE (user name, password, will QoS 1,
    /// will, clean session), keep alive 10. Payload order per §3.1.3.
    @Test func matchesThe311VariableHeaderExample() throws {
        let packet = ConnectPacket(
            clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 10, username: "u", password: [0x70],
            will: Self.will)
        let variableHeader: [UInt8] = [0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0xCE, 0x00, 0x0A]
        let payload = utf8("c") + utf8("w") + [0x00, 0x01, 0x21] + utf8("u") + [0x00, 0x01, 0x70]
        #expect(try packet.encode() == frame(0x10, variableHeader + payload))
        #expect(try decode(packet.encode()) == .connect(packet))
    }

    /// MQTT 5 §3.1.2.12, the variable header non-normative example: as 3.1.1 but level 5 and a property block
    /// with Session Expiry Interval 10; the will gets an (empty) Will Properties block (§3.1.3.2).
    @Test func matchesThe5VariableHeaderExample() throws {
        let packet = ConnectPacket(
            protocolVersion: .v5, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 10, username: "u",
            password: [0x70], will: Self.will, properties: [.sessionExpiryInterval(10)])
        let variableHeader: [UInt8] = [
            0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x05, 0xCE, 0x00, 0x0A, 0x05, 0x11, 0x00, 0x00, 0x00, 0x0A,
        ]
        let payload = utf8("c") + [0x00] + utf8("w") + [0x00, 0x01, 0x21] + utf8("u") + [0x00, 0x01, 0x70]
        #expect(try packet.encode() == frame(0x10, variableHeader + payload))
        #expect(try decode(packet.encode(), .v5) == .connect(packet))
    }

    @Test func v5PropertiesAreWrittenInOrderWithTheirTypes() throws {
        let packet = ConnectPacket(
            protocolVersion: .v5, clientIdentifier: "", cleanSession: true, keepAliveSeconds: 0,
            properties: [.receiveMaximum(100), .maximumPacketSize(1024), .userProperty(name: "k", value: "v")])
        let properties: [UInt8] = [0x21, 0x00, 0x64, 0x27, 0x00, 0x00, 0x04, 0x00, 0x26] + utf8("k") + utf8("v")
        let body = utf8("MQTT") + [0x05, 0x02, 0x00, 0x00] + propertyBlock(properties) + utf8("")
        #expect(try packet.encode() == frame(0x10, body))
    }

    @Test(arguments: MQTTProtocolVersion.allCases)
    func roundTripsWithEveryField(version: MQTTProtocolVersion) throws {
        let v5 = version == .v5
        let will = MQTTWill(
            topic: "status/A\u{2A6D4}", payload: Array(0...255), qos: .exactlyOnce, retain: true,
            properties: v5
                ? [
                    .willDelayInterval(30), .payloadFormatIndicator(true), .messageExpiryInterval(600),
                    .contentType("text/plain"),
                    .responseTopic("r/1"), .correlationData([1, 2, 3]), .userProperty(name: "a", value: "b"),
                    .userProperty(name: "a", value: "c"),
                ]
                : [])
        let packet = ConnectPacket(
            protocolVersion: version, clientIdentifier: "chaindoctor-abc", cleanSession: false, keepAliveSeconds: 65535,
            username: "user", password: [0, 1, 0xFF], will: will,
            properties: v5
                ? [
                    .sessionExpiryInterval(0xFFFF_FFFF), .receiveMaximum(10), .maximumPacketSize(65536),
                    .topicAliasMaximum(5),
                    .requestResponseInformation(true), .requestProblemInformation(false),
                    .userProperty(name: "x", value: "y"),
                    .authenticationMethod("SCRAM-SHA-1"), .authenticationData([9, 9]),
                ]
                : [])
        #expect(try roundTrip(.connect(packet), version) == .connect(packet))
        // CONNECT names its own version: a decoder for another version reads it the same.
        #expect(try roundTrip(.connect(packet), v5 ? .v3_1_1 : .v5) == .connect(packet))
    }

    @Test func typedPropertyReads() {
        let properties: MQTTProperties = [
            .sessionExpiryInterval(60), .receiveMaximum(7), .userProperty(name: "a", value: "1"),
            .userProperty(name: "a", value: "2"),
        ]
        #expect(properties.sessionExpiryInterval == 60)
        #expect(properties.receiveMaximum == 7)
        #expect(properties.maximumPacketSize == nil)
        #expect(properties.userProperties.map { "\($0.name)=\($0.value)" } == ["a=1", "a=2"])
        #expect(properties.all(.userProperty).count == 2)
        #expect(properties.first(.receiveMaximum) == .receiveMaximum(7))
    }

    // MARK: encoder refusals

    @Test(arguments: [MQTTProtocolVersion.v3_1, .v3_1_1])
    func passwordWithoutUsernameIsRefusedBefore5(version: MQTTProtocolVersion) {
        let packet = ConnectPacket(
            protocolVersion: version, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0, password: [1])
        #expect(throws: MQTTEncodingError.passwordWithoutUsername) { try packet.encode() }
    }

    @Test func passwordWithoutUsernameIsFineIn5() throws {
        let packet = ConnectPacket(
            protocolVersion: .v5, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0, password: [1])
        let bytes = try packet.encode()
        #expect(bytes[9] == 0x42)
        #expect(try decode(bytes) == .connect(packet))
    }

    @Test func overlongFieldsAreNamed() {
        let long = String(repeating: "x", count: 65_536)
        func connect(username: String? = nil, password: [UInt8]? = nil, will: MQTTWill? = nil) -> ConnectPacket {
            ConnectPacket(
                clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0, username: username, password: password,
                will: will)
        }
        #expect(throws: MQTTEncodingError.fieldTooLong("user name")) { try connect(username: long).encode() }
        #expect(throws: MQTTEncodingError.fieldTooLong("password")) {
            try connect(username: "u", password: Array(long.utf8)).encode()
        }
        #expect(throws: MQTTEncodingError.fieldTooLong("will topic")) {
            try connect(will: MQTTWill(topic: long, payload: [])).encode()
        }
        #expect(throws: MQTTEncodingError.fieldTooLong("will payload")) {
            try connect(will: MQTTWill(topic: "t", payload: Array(long.utf8))).encode()
        }
        let exactly65535 = String(repeating: "x", count: 65_535)
        #expect(throws: Never.self) { try connect(username: exactly65535).encode() }
        let v5 = ConnectPacket(
            protocolVersion: .v5, clientIdentifier: "c", cleanSession: true, keepAliveSeconds: 0,
            properties: [.authenticationMethod(long)])
        #expect(throws: MQTTEncodingError.fieldTooLong("CONNECT Authentication Method")) { try v5.encode() }
    }

    @Test func otherEncoderRefusals() {
        func connect(
            _ version: MQTTProtocolVersion = .v3_1_1, id: String = "c", clean: Bool = true, will: MQTTWill? = nil,
            properties: MQTTProperties = []
        ) -> ConnectPacket {
            ConnectPacket(
                protocolVersion: version, clientIdentifier: id, cleanSession: clean, keepAliveSeconds: 0, will: will,
                properties: properties)
        }
        #expect(throws: MQTTEncodingError.nullCharacter("client identifier")) { try connect(id: "a\u{0}b").encode() }
        #expect(
            throws: MQTTEncodingError.protocolViolation("an empty client identifier needs Clean Session (§3.1.3.1)")
        ) {
            try connect(id: "", clean: false).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("CONNECT properties")) {
            try connect(properties: [.receiveMaximum(1)]).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("will properties")) {
            try connect(will: MQTTWill(topic: "t", payload: [], properties: [.willDelayInterval(1)])).encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidTopic(
                field: "will topic", reason: "a topic name has no wildcard characters (§3.3.2.1)")
        ) {
            try connect(will: MQTTWill(topic: "a/+", payload: [])).encode()
        }
        #expect(throws: MQTTEncodingError.propertyNotAllowed(.maximumQoS, context: .packet(.connect))) {
            try connect(.v5, properties: [.maximumQoS(.atMostOnce)]).encode()
        }
        #expect(throws: MQTTEncodingError.propertyNotAllowed(.sessionExpiryInterval, context: .will)) {
            try connect(.v5, will: MQTTWill(topic: "t", payload: [], properties: [.sessionExpiryInterval(1)])).encode()
        }
        #expect(throws: MQTTEncodingError.duplicateProperty(.sessionExpiryInterval, context: .packet(.connect))) {
            try connect(.v5, properties: [.sessionExpiryInterval(1), .sessionExpiryInterval(2)]).encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidPropertyValue(.receiveMaximum, reason: "Receive Maximum 0 (§3.1.2.11.3)")
        ) {
            try connect(.v5, properties: [.receiveMaximum(0)]).encode()
        }
        #expect(
            throws: MQTTEncodingError.protocolViolation(
                "Authentication Data without Authentication Method (MQTT 5 §3.1.2.11.10)")
        ) {
            try connect(.v5, properties: [.authenticationData([1])]).encode()
        }
    }

    // MARK: decoder refusals

    /// A 3.1.1 CONNECT body with the given flags and client identifier "c", plus `extra`.
    static func body(level: UInt8 = 4, name: String = "MQTT", flags: UInt8, extra: [UInt8] = []) -> [UInt8] {
        utf8(name) + [level, flags, 0x00, 0x3C] + utf8("c") + extra
    }

    @Test func connectFlagViolations() {
        let cases: [([UInt8], MQTTDecodingError)] = [
            (Self.body(flags: 0x03), .reservedBitsSet(field: "CONNECT flags", value: 0x03)),
            (Self.body(flags: 0x1E), .invalidQoS(field: "CONNECT will QoS", value: 3)),
            (
                Self.body(flags: 0x0A),
                .protocolViolation(
                    packet: .connect, reason: "will QoS or retain without the will flag (§3.1.2.6, §3.1.2.7)")
            ),
            (
                Self.body(flags: 0x22),
                .protocolViolation(
                    packet: .connect, reason: "will QoS or retain without the will flag (§3.1.2.6, §3.1.2.7)")
            ),
            (
                Self.body(flags: 0x42, extra: utf8("p")),
                .protocolViolation(packet: .connect, reason: "password without a user name (§3.1.2.9)")
            ),
            (
                Self.body(level: 3, name: "MQIsdp", flags: 0x42, extra: utf8("p")),
                .protocolViolation(packet: .connect, reason: "password without a user name (§3.1.2.9)")
            ),
            (Self.body(level: 3, flags: 0x02), .unsupportedProtocol(name: "MQTT", level: 3)),
            (Self.body(level: 4, name: "MQIsdp", flags: 0x02), .unsupportedProtocol(name: "MQIsdp", level: 4)),
            (Self.body(level: 6, flags: 0x02), .unsupportedProtocol(name: "MQTT", level: 6)),
        ]
        for (body, error) in cases {
            #expect(throws: error) { try decode(frame(0x10, body)) }
        }
    }

    @Test func connectFieldViolations() {
        let header = utf8("MQTT") + [0x04, 0x02, 0x00, 0x3C]
        let cases: [([UInt8], MQTTDecodingError)] = [
            (Self.body(flags: 0x02, extra: [0x00]), .trailingBytes(packet: .connect, count: 1)),
            (
                header + [0x00, 0x05, 0x63],
                .pastEndOfPacket(field: "CONNECT client identifier", needed: 5, available: 1)
            ),
            (header + [0x00], .pastEndOfPacket(field: "CONNECT client identifier length", needed: 2, available: 1)),
            (utf8("MQTT") + [0x04, 0x02], .pastEndOfPacket(field: "CONNECT keep alive", needed: 2, available: 0)),
            (utf8("MQTT"), .pastEndOfPacket(field: "CONNECT protocol level", needed: 1, available: 0)),
            (Self.body(flags: 0x06), .pastEndOfPacket(field: "CONNECT will topic length", needed: 2, available: 0)),
            (
                Self.body(flags: 0x06, extra: utf8("t")),
                .pastEndOfPacket(field: "CONNECT will payload length", needed: 2, available: 0)
            ),
            (Self.body(flags: 0x82), .pastEndOfPacket(field: "CONNECT user name length", needed: 2, available: 0)),
            (
                Self.body(flags: 0x06, extra: utf8("t/#") + [0, 0]),
                .invalidTopic(field: "CONNECT will topic", reason: "a topic name has no wildcard characters (§3.3.2.1)")
            ),
            (header + [0x00, 0x02, 0xC0, 0x80], .invalidUTF8(field: "CONNECT client identifier")),
            (header + [0x00, 0x01, 0x00], .nullCharacter(field: "CONNECT client identifier")),
        ]
        for (body, error) in cases {
            #expect(throws: error) { try decode(frame(0x10, body)) }
        }
    }

    @Test func v5ConnectPropertyViolations() {
        func connect(_ block: [UInt8]) -> [UInt8] {
            frame(0x10, utf8("MQTT") + [0x05, 0x02, 0x00, 0x3C] + block + utf8("c"))
        }
        let cases: [([UInt8], MQTTDecodingError)] = [
            (
                frame(0x10, utf8("MQTT") + [0x05, 0x02, 0x00, 0x3C, 0x0A, 0x11, 0x00, 0x00, 0x00, 0x0A]),
                .pastEndOfPacket(field: "CONNECT properties", needed: 10, available: 5)
            ),
            (connect([0x02, 0x7F, 0x00]), .unknownProperty(identifier: 0x7F, context: .packet(.connect))),
            (connect([0x03, 0x80, 0x01, 0x00]), .unknownProperty(identifier: 128, context: .packet(.connect))),
            (
                connect([0x06, 0x91, 0x00, 0x00, 0x00, 0x00, 0x01]),
                .nonMinimalVariableByteInteger(field: "CONNECT property identifier")
            ),
            (
                connect([0x0A, 0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02]),
                .duplicateProperty(.sessionExpiryInterval, context: .packet(.connect))
            ),
            (connect([0x02, 0x24, 0x01]), .propertyNotAllowed(.maximumQoS, context: .packet(.connect))),
            (
                connect([0x02, 0x17, 0x02]),
                .invalidPropertyValue(.requestProblemInformation, reason: "value 2, expected 0 or 1")
            ),
            (
                connect([0x03, 0x21, 0x00, 0x00]),
                .invalidPropertyValue(.receiveMaximum, reason: "Receive Maximum 0 (§3.1.2.11.3)")
            ),
            (
                connect([0x05, 0x27, 0x00, 0x00, 0x00, 0x00]),
                .invalidPropertyValue(.maximumPacketSize, reason: "Maximum Packet Size 0 (§3.1.2.11.4)")
            ),
            (connect([0x02, 0x21, 0x00]), .pastEndOfPacket(field: "CONNECT Receive Maximum", needed: 2, available: 1)),
            (connect([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), .malformedVariableByteInteger(field: "CONNECT property length")),
            (
                connect([0x04, 0x16, 0x00, 0x01, 0x01]),
                .protocolViolation(
                    packet: .connect, reason: "Authentication Data without Authentication Method (MQTT 5 §3.1.2.11.10)")
            ),
            (
                frame(
                    0x10,
                    utf8("MQTT") + [0x05, 0x06, 0x00, 0x3C, 0x00] + utf8("c") + [0x02, 0x11, 0x00] + utf8("t") + [0, 0]),
                .propertyNotAllowed(.sessionExpiryInterval, context: .will)
            ),
        ]
        for (bytes, error) in cases {
            #expect(throws: error) { try decode(bytes, .v5) }
        }
    }
}
