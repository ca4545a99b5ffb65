import Foundation
import TLSProbe
import TestSupport
import Testing
import WebSocket

/// MQTT over WebSockets over TLS against real peers: amqtt (`pip install amqtt`), which serves MQTT on a `type: ws`
/// listener with `ssl: on`, and a websockets endpoint that, like mosquitto's and EMQX's, serves only /mqtt.
/// A missing amqtt or python fails these tests loudly; they never skip.
@Suite(.timeLimit(.minutes(10))) struct WebSocketChannelTests {
    /// MQTT 3.1.1 CONNECT (§3.1): clean session, keep-alive 60 s, no credentials.
    static func connectPacket(clientID: String) -> [UInt8] {
        let id = Array(clientID.utf8)
        let variable: [UInt8] = [0x00, 0x04] + Array("MQTT".utf8) + [0x04, 0x02, 0x00, 0x3C]
        let body = variable + [UInt8(id.count >> 8), UInt8(id.count & 0xFF)] + id
        return [0x10, UInt8(body.count)] + body
    }

    static func open(_ server: ServerProcess, path: String) throws -> WebSocketChannel {
        let connection = try TLSConnection.open(
            host: "127.0.0.1", port: server.port,
            options: TLSClientOptions(serverName: "broker.test", timeoutSeconds: 5))
        return try WebSocketChannel.open(connection: connection, host: "127.0.0.1", port: server.port, path: path)
    }

    /// Reads until `count` bytes arrived or the peer closed, `maximum` bytes per read.
    static func read(_ channel: WebSocketChannel, count: Int, maximum: Int = 16_384) throws -> [UInt8] {
        var received: [UInt8] = []
        while received.count < count {
            let chunk = try channel.read(maximum: maximum)
            if chunk.isEmpty { break }
            received += chunk
        }
        return received
    }

    @Test func mqttConnectOverWSSToAmqtt() throws {
        let server = try ServerProcess.amqtt()
        let channel = try Self.open(server, path: "/mqtt")
        #expect(channel.response.statusCode == 101)
        #expect(channel.response.subprotocol == "mqtt")
        // The chain amqtt presents over wss: the healthy leaf and its intermediate.
        let tls = try #require(channel.connection as? TLSConnection)
        #expect(tls.observation.presentedChain.count == 2)

        try channel.write(Self.connectPacket(clientID: "chaindoctor-wss"))
        // One byte per read: the CONNACK message is handed out across calls.
        let connack = try Self.read(channel, count: 4, maximum: 1)
        #expect(connack == [0x20, 0x02, 0x00, 0x00], "CONNACK; amqtt log: \(server.log)")

        // DISCONNECT: amqtt ends the WebSocket, and read says so with [].
        try channel.write([0xE0, 0x00])
        #expect(try channel.read() == [])
        #expect(channel.serverClosed)
        #expect(try channel.read() == [])
        channel.close()
    }

    @Test func wrongPathGivesTheHTTPStatus() throws {
        let server = try ServerProcess.webSocketPathServer()
        #expect(
            throws: TLSProbeError.ioFailed(phase: .mqtt, reason: "WebSocket upgrade refused: HTTP/1.1 404 Not Found")
        ) {
            _ = try Self.open(server, path: "/")
        }
        #expect(
            throws: TLSProbeError.ioFailed(
                phase: .mqtt, reason: WebSocketHandshakeError.missingSubprotocol(offered: "mqtt").description)
        ) {
            _ = try Self.open(server, path: "/mqtt-nosub")
        }
        // The right path works there too: a second, independent WebSocket server.
        let channel = try Self.open(server, path: "/mqtt")
        try channel.write(Self.connectPacket(clientID: "chaindoctor-path"))
        #expect(try Self.read(channel, count: 4) == [0x20, 0x02, 0x00, 0x00])
        channel.close()
    }

    @Test func pingsFragmentsCloseAndTextFromAScriptedServer() throws {
        let server = try ServerProcess.webSocketPathServer()
        // The server pings and sends the CONNACK only once the pong came back, in three fragments, then closes.
        let channel = try Self.open(server, path: "/mqtt-script")
        try channel.write(Self.connectPacket(clientID: "chaindoctor-script"))
        #expect(try Self.read(channel, count: 4) == [0x20, 0x02, 0x00, 0x00])
        #expect(try channel.read() == [])
        #expect(channel.serverClosed && channel.closeCode == 4000 && channel.closeReason == "scripted close")
        #expect(throws: TLSProbeError.closedByPeer(phase: .mqtt)) { try channel.write([0xE0, 0x00]) }
        channel.close()

        // MQTT over WebSockets is binary only (MQTT 3.1.1 §6).
        let text = try Self.open(server, path: "/mqtt-text")
        try text.write(Self.connectPacket(clientID: "chaindoctor-text"))
        do {
            _ = try text.read()
            Issue.record("a text message was accepted")
        } catch {
            #expect(error.phase == .mqtt)
            #expect(error.description.contains("text message"))
        }
        text.close()
    }
}
