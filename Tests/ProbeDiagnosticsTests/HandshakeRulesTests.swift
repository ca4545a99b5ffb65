import Findings
import MQTTCodec
import ProbeDiagnostics
import TLSProbe
import Testing

/// What a failed handshake says about the port, from the answers a probe collected, without a network.
@Suite(.timeLimit(.minutes(10))) struct HandshakeRulesTests {
    let client = TLSClientSide(versions: [.tls1_2, .tls1_3], hasClientCertificate: false, offeredALPN: ["mqtt"])

    @Test func plainMQTTListenerAnswersConnectWithConnAck() throws {
        let connAck: [UInt8] = [0x20, 0x02, 0x00, 0x00]
        #expect(!PlainServiceRule.asksHTTP(afterConnect: connAck))
        let finding = try #require(
            PlainServiceRule.finding(
                reason: "wrong version number", certainlyNotTLS: true,
                answers: .init(toConnect: connAck, closed: false)))
        #expect(finding.id == .plainMQTTListener)
        #expect(finding.severity == .critical)
        #expect(finding.evidence.contains("wrong version number"))
    }

    @Test func webServerAnswersConnectOrHead() throws {
        let page = Array("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n".utf8)
        #expect(!PlainServiceRule.asksHTTP(afterConnect: page))
        let direct = try #require(
            PlainServiceRule.finding(
                reason: "r", certainlyNotTLS: true, answers: .init(toConnect: page, closed: true)))
        #expect(direct.id == .httpListener)
        #expect(direct.evidence.contains("'HTTP/1.1 400 Bad Request'"))
        // Silent on CONNECT, then a status line for HEAD.
        #expect(PlainServiceRule.asksHTTP(afterConnect: []))
        let asked = try #require(
            PlainServiceRule.finding(
                reason: "r", certainlyNotTLS: false, answers: .init(toConnect: [], closed: false, toHTTPHead: page)))
        #expect(asked.id == .httpListener)
    }

    @Test func notTLSOnlyWhenCertainlyNotTLS() throws {
        let junk: [UInt8] = [0xde, 0xad, 0xbe, 0xef]
        let certain = try #require(
            PlainServiceRule.finding(
                reason: "r", certainlyNotTLS: true, answers: .init(toConnect: junk, closed: true, toHTTPHead: [])))
        #expect(certain.id == .notTLS)
        #expect(certain.evidence.hasSuffix("a plain CONNECT got 4 bytes"))
        let closed = try #require(
            PlainServiceRule.finding(
                reason: "r", certainlyNotTLS: true, answers: .init(toConnect: [], closed: true, toHTTPHead: [])))
        #expect(closed.evidence.hasSuffix("the connection closed"))
        // A TLS server that hung up says nothing about what the port speaks.
        #expect(
            PlainServiceRule.finding(
                reason: "r", certainlyNotTLS: false, answers: .init(toConnect: junk, closed: true, toHTTPHead: []))
                == nil)
    }

    @Test func protocolVersionAlertIsToldOnceByTheSurvey() {
        let surface = TLSSurface(
            version: nil, cipher: nil,
            versions: [
                .init(version: .tls1_0, accepted: true, cipher: nil, error: nil),
                .init(version: .tls1_1, accepted: false, cipher: nil, error: "alert protocol version"),
                .init(version: .tls1_2, accepted: false, cipher: nil, error: "alert protocol version"),
                .init(version: .tls1_3, accepted: false, cipher: nil, error: "alert protocol version"),
            ])
        let findings = HandshakeAlertRule.findings(
            alert: .protocolVersion, certificateRequested: false, surface: surface, client: client)
        #expect(findings.map(\.id) == [.noCommonVersion, .weakTLSVersion, .tls13Unsupported])
        // Without a survey (--quick) the alert itself is translated.
        let quick = HandshakeAlertRule.findings(
            alert: .protocolVersion, certificateRequested: false, surface: TLSSurface(version: nil, cipher: nil),
            client: client)
        #expect(quick.map(\.id) == [.tlsAlert])
    }

    @Test func alertsNameTheirSide() {
        let none = TLSSurface(version: nil, cipher: nil)
        let required = HandshakeAlertRule.findings(
            alert: .handshakeFailure, certificateRequested: true, surface: none, client: client)
        #expect(required.map(\.id) == [.clientCertificateRequired])
        let ciphers = HandshakeAlertRule.findings(
            alert: .handshakeFailure, certificateRequested: false, surface: none, client: client)
        #expect(ciphers.map(\.id) == [.tlsAlert])
        #expect(ciphers.first?.fix.contains("ciphers") == true)
        let unknownCA = HandshakeAlertRule.findings(
            alert: .unknownCA, certificateRequested: true, surface: none, client: client)
        #expect(unknownCA.map(\.id) == [.clientCertificateRejected])
        let alpn = HandshakeAlertRule.findings(
            alert: .noApplicationProtocol, certificateRequested: false, surface: none, client: client)
        #expect(alpn.first?.message.contains("(mqtt)") == true)
    }

    @Test func sniAndALPN() {
        var surface = TLSSurface(
            version: .tls1_3, cipher: "c", alpnOffered: ["x-amzn-mqtt-ca"], serverName: "broker.test",
            certificateDiffersWithoutSNI: true)
        #expect(
            TLSSurfaceRules.findings(surface, client: client).map(\.id) == [.sniDependentCertificate, .alpnNotSelected])
        surface.alpnSelected = "x-amzn-mqtt-ca"
        surface.certificateDiffersWithoutSNI = false
        #expect(TLSSurfaceRules.findings(surface, client: client).isEmpty)
    }
}
