import MQTTCodec
import Testing

@Suite(.timeLimit(.minutes(10))) struct DisconnectAndPingTests {
    @Test func disconnectInBothVersions() throws {
        #expect(try DisconnectPacket().encode() == [0xE0, 0x00])
        #expect(try decode([0xE0, 0x00]) == .disconnect(DisconnectPacket()))
        // MQTT 5 §3.14.2.1: no reason code means Normal disconnection.
        let normal = DisconnectPacket(protocolVersion: .v5)
        #expect(try normal.encode() == [0xE0, 0x00])
        #expect(try decode([0xE0, 0x00], .v5) == .disconnect(normal))
        #expect(try decode([0xE0, 0x01, 0x00], .v5) == .disconnect(normal))
        let shuttingDown = DisconnectPacket(protocolVersion: .v5, reasonCode: .serverShuttingDown)
        #expect(try shuttingDown.encode() == [0xE0, 0x01, 0x8B])
        // §3.14.2.2.1: fewer than 2 bytes means no property block; with one, an empty block is the same.
        #expect(try decode([0xE0, 0x02, 0x8B, 0x00], .v5) == .disconnect(shuttingDown))
    }

    @Test func disconnectWithProperties() throws {
        let moved = DisconnectPacket(
            protocolVersion: .v5, reasonCode: .serverMoved,
            properties: [
                .serverReference("other:8883"), .reasonString("bye"), .sessionExpiryInterval(0),
                .userProperty(name: "a", value: "b"),
            ])
        let properties: [UInt8] =
            [0x1C] + utf8("other:8883") + [0x1F] + utf8("bye") + [0x11, 0, 0, 0, 0] + [0x26] + utf8("a") + utf8("b")
        #expect(try moved.encode() == frame(0xE0, [0x9D] + propertyBlock(properties)))
        #expect(try roundTrip(.disconnect(moved), .v5) == .disconnect(moved))
        #expect(moved.properties.serverReference == "other:8883" && moved.properties.reasonString == "bye")
    }

    @Test(arguments: DisconnectReasonCode.allCases)
    func everyDisconnectReasonCodeRoundTrips(code: DisconnectReasonCode) throws {
        let packet = DisconnectPacket(protocolVersion: .v5, reasonCode: code)
        #expect(try roundTrip(.disconnect(packet), .v5) == .disconnect(packet))
        #expect(!code.explanation.isEmpty)
    }

    @Test func disconnectNames() {
        #expect(DisconnectReasonCode.normalDisconnection.description == "0x00 Normal disconnection")
        #expect(DisconnectReasonCode.disconnectWithWillMessage.name == "Disconnect with Will Message")
        #expect(DisconnectReasonCode.sessionTakenOver.name == "Session taken over")
        #expect(DisconnectReasonCode.keepAliveTimeout.name == "Keep Alive timeout")
        #expect(DisconnectReasonCode.allCases.count == 29)
    }

    @Test func disconnectRefusals() {
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x01, packet: .disconnect)) {
            try decode([0xE0, 0x01, 0x01], .v5)
        }
        #expect(throws: MQTTDecodingError.trailingBytes(packet: .disconnect, count: 1)) {
            try decode([0xE0, 0x01, 0x00])
        }
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 14, flags: 1)) { try decode([0xE1, 0x00]) }
        #expect(throws: MQTTDecodingError.propertyNotAllowed(.maximumQoS, context: .packet(.disconnect))) {
            try decode([0xE0, 0x04, 0x00, 0x02, 0x24, 0x00], .v5)
        }
        #expect(throws: MQTTDecodingError.pastEndOfPacket(field: "DISCONNECT properties", needed: 5, available: 0)) {
            try decode([0xE0, 0x02, 0x00, 0x05], .v5)
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("DISCONNECT reason code")) {
            try DisconnectPacket(reasonCode: .serverBusy).encode()
        }
        #expect(throws: MQTTEncodingError.requiresMQTT5("DISCONNECT properties")) {
            try DisconnectPacket(properties: [.reasonString("x")]).encode()
        }
        #expect(throws: MQTTEncodingError.propertyNotAllowed(.assignedClientIdentifier, context: .packet(.disconnect)))
        {
            try DisconnectPacket(protocolVersion: .v5, properties: [.assignedClientIdentifier("x")]).encode()
        }
    }

    @Test func pings() throws {
        #expect(try MQTTPacket.pingReq.encode() == [0xC0, 0x00])
        #expect(try MQTTPacket.pingResp.encode() == [0xD0, 0x00])
        for version in MQTTProtocolVersion.allCases {
            #expect(try decode([0xC0, 0x00], version) == .pingReq)
            #expect(try decode([0xD0, 0x00], version) == .pingResp)
        }
        #expect(throws: MQTTDecodingError.trailingBytes(packet: .pingResp, count: 1)) {
            try decode([0xD0, 0x01, 0x00])
        }
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 12, flags: 4)) { try decode([0xC4, 0x00]) }
    }

    @Test func authExistsOnlyIn5() throws {
        #expect(try decode([0xF0, 0x00], .v5) == .auth(AuthPacket()))
        #expect(throws: MQTTDecodingError.reservedPacketType(15)) { try decode([0xF0, 0x00], .v3_1_1) }
        let challenge = AuthPacket(
            reasonCode: .continueAuthentication,
            properties: [.authenticationMethod("SCRAM-SHA-1"), .authenticationData([1, 2, 3])])
        #expect(try roundTrip(.auth(challenge), .v5) == .auth(challenge))
        #expect(try AuthPacket(reasonCode: .reauthenticate).encode() == [0xF0, 0x01, 0x19])
        #expect(throws: MQTTDecodingError.invalidReasonCode(0x87, packet: .auth)) {
            try decode([0xF0, 0x01, 0x87], .v5)
        }
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 15, flags: 1)) {
            try decode([0xF1, 0x00], .v5)
        }
        #expect(throws: MQTTDecodingError.reservedPacketType(0)) { try decode([0x00, 0x00], .v5) }
    }

    /// PUBREC, PUBREL and PUBCOMP are framed and checked but not modelled.
    @Test func unmodelledTypesPassThrough() throws {
        #expect(try decode([0x62, 0x02, 0x00, 0x0A]) == .other(type: 6, flags: 2, body: [0x00, 0x0A]))
        #expect(throws: MQTTDecodingError.invalidFixedHeaderFlags(type: 6, flags: 0)) {
            try decode([0x60, 0x02, 0x00, 0x0A])
        }
        #expect(try MQTTPacket.other(type: 5, flags: 0, body: [0x00, 0x01]).encode() == [0x50, 0x02, 0x00, 0x01])
        #expect(throws: MQTTEncodingError.invalidFixedHeaderFlags(type: 6, flags: 0)) {
            try MQTTPacket.other(type: 6, flags: 0, body: []).encode()
        }
        #expect(throws: MQTTEncodingError.invalidFixedHeaderFlags(type: 16, flags: 0)) {
            try MQTTPacket.other(type: 16, flags: 0, body: []).encode()
        }
        #expect(throws: MQTTEncodingError.invalidFixedHeaderFlags(type: 3, flags: 6)) {
            try MQTTPacket.other(type: 3, flags: 6, body: []).encode()
        }
    }
}
