import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct ConnAckPacketTests {
    @Test func v5SuccessWithoutProperties() throws {
        #expect(try decode([0x20, 0x03, 0x00, 0x00, 0x00], .v5) == .connAck(ConnAckPacket(reasonCode: .success)))
        #expect(try ConnAckPacket(reasonCode: .success).encode() == [0x20, 0x03, 0x00, 0x00, 0x00])
        #expect(try ConnAckPacket(sessionPresent: true, returnCode: .accepted).encode() == [0x20, 0x02, 0x01, 0x00])
    }

    /// The version matters: a 3.1.1 decoder refuses an MQTT 5 CONNACK and the other way round.
    @Test func versionsDoNotMix() {
        #expect(throws: MQTTDecodingError.malformedConnAck("remaining length 3, expected 2")) {
            try decode([0x20, 0x03, 0x00, 0x00, 0x00], .v3_1_1)
        }
        #expect(throws: MQTTDecodingError.pastEndOfPacket(field: "CONNACK property length", needed: 1, available: 0)) {
            try decode([0x20, 0x02, 0x00, 0x00], .v5)
        }
    }

    /// Every CONNACK property a probe reports, byte by byte (MQTT 5 §3.2.2.3).
    @Test func v5PropertiesDecode() throws {
        let properties: [UInt8] =
            [0x11, 0x00, 0x00, 0x00, 0x3C]  // Session Expiry Interval 60
            + [0x21, 0x00, 0x0A]  // Receive Maximum 10
            + [0x24, 0x01]  // Maximum QoS 1
            + [0x25, 0x00]  // Retain Available 0
            + [0x27, 0x00, 0x01, 0x00, 0x00]  // Maximum Packet Size 65536
            + [0x12] + utf8("auto-1")  // Assigned Client Identifier
            + [0x22, 0x00, 0x05]  // Topic Alias Maximum 5
            + [0x1F] + utf8("welcome")  // Reason String
            + [0x26] + utf8("region") + utf8("eu")  // User Property
            + [0x28, 0x00, 0x29, 0x01, 0x2A, 0x00]  // Wildcard, Subscription Identifiers, Shared available
            + [0x13, 0x00, 0x1E]  // Server Keep Alive 30
            + [0x1A] + utf8("resp/")  // Response Information
            + [0x1C] + utf8("other.example:8883")  // Server Reference
            + [0x15] + utf8("SCRAM-SHA-256") + [0x16, 0x00, 0x01, 0x2A]  // Authentication Method, Data
        let bytes = frame(0x20, [0x01, 0x00] + propertyBlock(properties))
        let packet = try #require(try decode(bytes, .v5))
        guard case .connAck(let connAck) = packet else { Issue.record("not a CONNACK: \(packet)"); return }
        #expect(connAck.sessionPresent && connAck.isAccepted && connAck.reasonCode == .success)
        let p = connAck.properties
        #expect(p.sessionExpiryInterval == 60 && p.receiveMaximum == 10 && p.maximumQoS == .atLeastOnce)
        #expect(p.retainAvailable == false && p.maximumPacketSize == 65536 && p.assignedClientIdentifier == "auto-1")
        #expect(p.topicAliasMaximum == 5 && p.reasonString == "welcome")
        #expect(p.userProperties.map { "\($0.name)=\($0.value)" } == ["region=eu"])
        #expect(p.wildcardSubscriptionAvailable == false && p.subscriptionIdentifierAvailable == true)
        #expect(p.sharedSubscriptionAvailable == false && p.serverKeepAlive == 30)
        #expect(p.responseInformation == "resp/" && p.serverReference == "other.example:8883")
        #expect(p.authenticationMethod == "SCRAM-SHA-256" && p.authenticationData == [0x2A])
        #expect(p.count == 17)
        // Encoding writes the same bytes back.
        #expect(try connAck.encode() == bytes)
    }

    @Test(arguments: ConnAckReasonCode.allCases)
    func everyV5ReasonCodeRoundTrips(code: ConnAckReasonCode) throws {
        let packet = ConnAckPacket(reasonCode: code, properties: code == .success ? [] : [.reasonString("because")])
        #expect(try roundTrip(.connAck(packet), .v5) == .connAck(packet))
        #expect(!code.name.isEmpty && !code.explanation.isEmpty)
        #expect(packet.isAccepted == (code == .success))
    }

    /// The names of MQTT 5 §3.2.2.2 table 3-1.
    @Test func v5NamesFromTheSpec() {
        let names: [UInt8: String] = [
            0x00: "Success", 0x80: "Unspecified error", 0x81: "Malformed Packet", 0x82: "Protocol Error",
            0x83: "Implementation specific error", 0x84: "Unsupported Protocol Version",
            0x85: "Client Identifier not valid",
            0x86: "Bad User Name or Password", 0x87: "Not authorized", 0x88: "Server unavailable", 0x89: "Server busy",
            0x8A: "Banned", 0x8C: "Bad authentication method", 0x90: "Topic Name invalid", 0x95: "Packet too large",
            0x97: "Quota exceeded", 0x99: "Payload format invalid", 0x9A: "Retain not supported",
            0x9B: "QoS not supported",
            0x9C: "Use another server", 0x9D: "Server moved", 0x9F: "Connection rate exceeded",
        ]
        #expect(Set(ConnAckReasonCode.allCases.map(\.rawValue)) == Set(names.keys))
        for code in ConnAckReasonCode.allCases { #expect(code.name == names[code.rawValue]) }
        #expect(ConnAckReasonCode.notAuthorized.description == "0x87 Not authorized")
        #expect(ConnAckReasonCode.success.description == "0x00 Success")
    }

    @Test func undefinedV5CodesAreRefused() {
        let defined = Set(ConnAckReasonCode.allCases.map(\.rawValue))
        for raw in UInt8.min...UInt8.max where !defined.contains(raw) {
            #expect(throws: MQTTDecodingError.invalidReasonCode(raw, packet: .connAck)) {
                try decode([0x20, 0x03, 0x00, raw, 0x00], .v5)
            }
        }
    }

    @Test func codesTranslateBetweenVersions() throws {
        let v5 = try ConnAckPacket(body: [0x00, 0x87, 0x00], protocolVersion: .v5)
        #expect(v5.code == 0x87 && v5.reasonCode == .notAuthorized && v5.returnCode == .notAuthorized)
        #expect(v5.codeDescription == "0x87 Not authorized")
        let banned = try ConnAckPacket(body: [0x00, 0x8A, 0x00], protocolVersion: .v5)
        #expect(banned.returnCode == .reserved(0x8A) && banned.returnCode.reasonCode == .banned)
        let v3 = try ConnAckPacket(body: [0x00, 0x04])
        #expect(
            v3.reasonCode == .badUserNameOrPassword
                && v3.codeDescription == "Connection Refused, bad user name or password")
        #expect(
            ConnAckPacket(protocolVersion: .v5, sessionPresent: false, returnCode: .identifierRejected).code == 0x85)
        var packet = ConnAckPacket(reasonCode: .success)
        packet.returnCode = .serverUnavailable
        #expect(packet.code == 0x88)
        var old = ConnAckPacket(sessionPresent: false, returnCode: .accepted)
        old.reasonCode = .unsupportedProtocolVersion
        #expect(old.code == 0x01)
        for code in ConnAckReasonCode.allCases { #expect(code.returnCode.reasonCode == code) }
    }

    @Test func v5Violations() {
        func connAck(_ flags: UInt8, _ code: UInt8, _ properties: [UInt8]) -> [UInt8] {
            frame(0x20, [flags, code] + propertyBlock(properties))
        }
        let cases: [([UInt8], MQTTDecodingError)] = [
            (connAck(0x01, 0x87, []), .malformedConnAck("session present with a refusing code")),
            (connAck(0x02, 0x00, []), .reservedBitsSet(field: "CONNACK acknowledge flags", value: 0x02)),
            (frame(0x20, [0x00, 0x00, 0x00, 0xFF]), .trailingBytes(packet: .connAck, count: 1)),
            (
                connAck(0x00, 0x00, [0x18, 0x00, 0x00, 0x00, 0x01]),
                .propertyNotAllowed(.willDelayInterval, context: .packet(.connAck))
            ),
            (
                connAck(0x00, 0x00, [0x19, 0x01]),
                .propertyNotAllowed(.requestResponseInformation, context: .packet(.connAck))
            ),
            (
                connAck(0x00, 0x00, [0x24, 0x02]),
                .invalidPropertyValue(.maximumQoS, reason: "value 2, expected 0 or 1 (§3.2.2.3.4)")
            ),
            (
                connAck(0x00, 0x00, [0x25, 0x07]),
                .invalidPropertyValue(.retainAvailable, reason: "value 7, expected 0 or 1")
            ),
            (
                connAck(0x00, 0x00, [0x12] + utf8("a") + [0x12] + utf8("b")),
                .duplicateProperty(.assignedClientIdentifier, context: .packet(.connAck))
            ),
            (connAck(0x00, 0x00, [0x00]), .unknownProperty(identifier: 0, context: .packet(.connAck))),
            (
                connAck(0x00, 0x00, [0x1F, 0x00, 0x03, 0x61]),
                .pastEndOfPacket(field: "CONNACK Reason String", needed: 3, available: 1)
            ),
            // The property block bounds its properties even when the packet goes on.
            (
                frame(0x20, [0x00, 0x00, 0x02, 0x11, 0x00, 0x00, 0x00]),
                .pastEndOfPacket(field: "CONNACK Session Expiry Interval", needed: 4, available: 1)
            ),
            (frame(0x20, [0x00, 0x00, 0x80, 0x00]), .nonMinimalVariableByteInteger(field: "CONNACK property length")),
        ]
        for (bytes, error) in cases {
            #expect(throws: error) { try decode(bytes, .v5) }
        }
    }

    @Test func encoderRefusals() {
        #expect(throws: MQTTEncodingError.requiresMQTT5("CONNACK properties")) {
            var packet = ConnAckPacket(sessionPresent: false, returnCode: .accepted)
            packet.properties = [.reasonString("x")]
            return try packet.encode()
        }
        #expect(
            throws: MQTTEncodingError.protocolViolation("a refusing CONNACK must not set Session Present (§3.2.2.2)")
        ) {
            try ConnAckPacket(sessionPresent: true, returnCode: .notAuthorized).encode()
        }
        #expect(throws: MQTTEncodingError.propertyNotAllowed(.topicAlias, context: .packet(.connAck))) {
            try ConnAckPacket(reasonCode: .success, properties: [.topicAlias(1)]).encode()
        }
        #expect(
            throws: MQTTEncodingError.invalidPropertyValue(
                .maximumQoS, reason: "Maximum QoS 2; only 0 or 1 may be sent (§3.2.2.3.4)")
        ) {
            try ConnAckPacket(reasonCode: .success, properties: [.maximumQoS(.exactlyOnce)]).encode()
        }
    }
}
