import Foundation
import Glibc
import TLSProbe
import Testing
import WebSocket

/// MQTT over WebSockets over TLS against real peers: amqtt (`pip install amqtt`), which serves MQTT on a `type: ws`
/// listener with `ssl: on`, and a websockets endpoint that, like mosquitto's and EMQX's, serves only /mqtt.
/// A missing amqtt or python fails these tests loudly; they never skip.
@Suite struct WebSocketChannelTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenario = packageRoot.appendingPathComponent("TestChains/amqtt-wss")
    static let healthy = packageRoot.appendingPathComponent("TestChains/healthy")
    static let install = "install it with: python3 -m pip install --no-input --disable-pip-version-check amqtt==0.12.1"

    /// A server process that lives as long as this object; SIGKILL at the end, since a child of a test thread
    /// inherits a signal mask in which SIGTERM is blocked.
    final class Server {
        let process = Process()
        let port: UInt16
        let logPath: String

        init(executable: String, arguments: [String], port: UInt16) throws {
            self.port = port
            logPath = NSTemporaryDirectory() + "chaindoctor-websocket-\(port).log"
            FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = log
            process.standardError = log
            process.standardInput = Pipe()
            try process.run()
            try waitForListener(seconds: 30)
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        private func waitForListener(seconds: Double) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                try #require(process.isRunning, "server exited before listening on \(port): \(log)")
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                address.sin_port = port.bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
                close(fd)
                if connected { return }
                usleep(50_000)
            }
            Issue.record("nothing listened on \(port) within \(seconds) s: \(log)")
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: logPath)
        }
    }

    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(ok)
        return UInt16(bigEndian: address.sin_port)
    }

    static func onPath(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func python() throws -> String {
        try #require(onPath("python3"), "python3 is not installed; amqtt needs it (\(install))")
    }

    /// Exit status of `python3 -c code`.
    static func pythonCan(_ code: String) throws -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: try python())
        probe.arguments = ["-c", code]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// amqtt serving `TestChains/amqtt-wss/broker.yaml` (wss with the healthy chain) on a free port.
    static func amqtt() throws -> Server {
        let template = try String(contentsOf: scenario.appendingPathComponent("broker.yaml"), encoding: .utf8)
        let port = try freePort()
        let config = template.replacingOccurrences(of: "@PORT@", with: String(port))
            .replacingOccurrences(of: "@DIR@", with: scenario.path)
        let path = NSTemporaryDirectory() + "chaindoctor-amqtt-wss-\(port).yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }  // read at start-up only
        if let amqtt = onPath("amqtt") {
            return try Server(executable: amqtt, arguments: ["-c", path], port: port)
        }
        try #require(try pythonCan("import amqtt"), "amqtt is not installed: \(install)")
        return try Server(executable: try python(), arguments: ["-m", "amqtt.scripts.broker_script", "-c", path], port: port)
    }

    /// `path-server.py`: wss serving MQTT only at /mqtt (404 elsewhere), /mqtt-nosub without a subprotocol.
    static func pathServer() throws -> Server {
        try #require(try pythonCan("import websockets.asyncio.server"),
                     "the python websockets package is missing (amqtt brings it): \(install)")
        let port = try freePort()
        return try Server(
            executable: try python(),
            arguments: [scenario.appendingPathComponent("path-server.py").path, String(port),
                        healthy.appendingPathComponent("broker.crt").path, healthy.appendingPathComponent("broker.key").path],
            port: port)
    }

    /// MQTT 3.1.1 CONNECT (§3.1): clean session, keep-alive 60 s, no credentials.
    static func connectPacket(clientID: String) -> [UInt8] {
        let id = Array(clientID.utf8)
        let variable: [UInt8] = [0x00, 0x04] + Array("MQTT".utf8) + [0x04, 0x02, 0x00, 0x3C]
        let body = variable + [UInt8(id.count >> 8), UInt8(id.count & 0xFF)] + id
        return [0x10, UInt8(body.count)] + body
    }

    static func open(_ server: Server, path: String) throws -> WebSocketChannel {
        let connection = try TLSConnection.open(
            host: "127.0.0.1", port: server.port, options: TLSClientOptions(serverName: "broker.test", timeoutSeconds: 5))
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
        let server = try Self.amqtt()
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
        let server = try Self.pathServer()
        #expect(throws: TLSProbeError.ioFailed(phase: .mqtt, reason: "WebSocket upgrade refused: HTTP/1.1 404 Not Found")) {
            _ = try Self.open(server, path: "/")
        }
        #expect(throws: TLSProbeError.ioFailed(
            phase: .mqtt, reason: WebSocketHandshakeError.missingSubprotocol(offered: "mqtt").description)) {
            _ = try Self.open(server, path: "/mqtt-nosub")
        }
        // The right path works there too: a second, independent WebSocket server.
        let channel = try Self.open(server, path: "/mqtt")
        try channel.write(Self.connectPacket(clientID: "chaindoctor-path"))
        #expect(try Self.read(channel, count: 4) == [0x20, 0x02, 0x00, 0x00])
        channel.close()
    }

    @Test func pingsFragmentsCloseAndTextFromAScriptedServer() throws {
        let server = try Self.pathServer()
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
