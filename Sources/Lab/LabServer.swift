import FoundationSubstitutes
import Glibc
import Synchronization
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The lab: each scenario served on a port of its own, as its mosquitto.conf would (TLS through OpenSSL's server
/// side, or plain MQTT), with `MQTTResponder` behind it. Every connection runs on a thread of its own, within time
/// bounds (10 s for the handshake; 300 s of silence, more than the keep-alive of the device stacks, esp-mqtt's
/// 120 s among them), at most `maximumConnections` at once in all; a client's bad input ends that client's
/// connection, never the lab. A test and teaching tool, not a broker.
public final class LabServer: Sendable {
    public struct Listener: Sendable {
        public let scenario: LabScenario
        public let port: UInt16
        let socket: ListeningSocket
        let tls: TLSServerContext?
    }

    public let listeners: [Listener]
    public let host: String
    public static let handshakeSeconds = 10.0
    public static let idleSeconds = 300.0
    public static let maximumConnections = 512
    private let open = Atomic<Int>(0)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Binds one port per scenario on `host`: `portBase`, `portBase + 1`, ... in the order given, or ports the
    /// kernel chooses when `portBase` is nil. Fails before serving anything when a port is taken or a scenario's
    /// files cannot be loaded.
    public init(scenarios: [LabScenario], host: String = "127.0.0.1", portBase: UInt16? = nil) throws(Failure) {
        var listeners: [Listener] = []
        for (offset, scenario) in scenarios.enumerated() {
            let port = portBase.map { UInt16(clamping: Int($0) + offset) } ?? 0
            let context: TLSServerContext?
            do {
                context = try Self.context(for: scenario)
            } catch {
                throw Failure(description: "\(scenario.name): \(error.description)")
            }
            do {
                let socket = try ListeningSocket(host: host, port: port)
                listeners.append(Listener(scenario: scenario, port: socket.port, socket: socket, tls: context))
            } catch {
                for listener in listeners { close(listener.socket.fd) }
                throw Failure(description: "\(scenario.name): \(error.description)")
            }
        }
        self.listeners = listeners
        self.host = host
    }

    static func context(for scenario: LabScenario) throws(TLSProbeError) -> TLSServerContext? {
        guard case .tls(let certfile, let keyfile, let clientCA, let minimum, let ciphers) = scenario.transport else {
            return nil
        }
        // mosquitto's tls_version is a minimum: tlsv1.2 serves TLS 1.2 and 1.3.
        let low = minimum.flatMap(TLSProtocolVersion.init(userText:))
        return try TLSServerContext(
            TLSServerOptions(
                certificateFile: certfile, keyFile: keyfile, clientCAFile: clientCA,
                requireClientCertificate: clientCA != nil, versions: low.map { $0...TLSProtocolVersion.tls1_3 },
                ciphers: ciphers))
    }

    /// Whether a client beyond this machine can reach the lab.
    public var listensBeyondLoopback: Bool { listeners.contains { $0.socket.beyondLoopback } }

    /// Serves every listener on threads of its own and returns; fails when the system refuses a listener its thread
    /// (a lab that listens without accepting would leave every client waiting).
    public func start() throws(Failure) {
        for listener in listeners {
            let accepting = Threads.start { [self] in
                while true {
                    guard let client = listener.socket.accept() else { continue }
                    guard open.add(1, ordering: .relaxed).newValue <= Self.maximumConnections else {
                        open.subtract(1, ordering: .relaxed)
                        close(client)
                        continue
                    }
                    let started = Threads.start(stackSize: 1 << 20) { [self] in
                        serve(client, listener)
                        open.subtract(1, ordering: .relaxed)
                    }
                    if !started {
                        open.subtract(1, ordering: .relaxed)
                        close(client)
                    }
                }
            }
            guard accepting else {
                throw Failure(
                    description: "cannot start a thread to serve port \(listener.port): the system refused it")
            }
        }
    }

    private func serve(_ client: Int32, _ listener: Listener) {
        let scenario = listener.scenario
        switch scenario.transport {
        case .http:
            // Whatever the client sends (a ClientHello, a CONNECT), an HTTP server's answer.
            let plain = PlainChannel(fd: client, timeoutSeconds: Self.handshakeSeconds)
            _ = try? plain.read(maximum: 16_384, phase: .mqtt)
            let body = "not a broker\n"
            try? plain.write(
                Array(
                    ("HTTP/1.1 400 Bad Request\r\nServer: chaindoctor-lab\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8), phase: .mqtt)
            plain.close()
            return
        case .silent:
            // Read and drop until the client leaves, or the lab's idle bound ends it.
            let plain = PlainChannel(fd: client, timeoutSeconds: Self.idleSeconds)
            while let bytes = try? plain.read(maximum: 16_384, phase: .mqtt), !bytes.isEmpty {}
            plain.close()
            return
        case .tls, .plain:
            break
        }
        let channel: any ByteChannel
        let closeChannel: () -> Void
        if let tls = listener.tls {
            guard
                let connection = try? tls.accept(
                    fd: client, timeoutSeconds: Self.handshakeSeconds, readSeconds: Self.idleSeconds)
            else { return }
            channel = connection
            closeChannel = connection.close
        } else {
            let plain = PlainChannel(fd: client, timeoutSeconds: Self.idleSeconds)
            channel = plain
            closeChannel = plain.close
        }
        defer { closeChannel() }
        let responder = MQTTResponder(connectAnswer: .accept(requireUsername: scenario.requiresUsername))
        while !responder.finished {
            guard let bytes = try? channel.read(maximum: 16_384, phase: .mqtt), !bytes.isEmpty else { return }
            let reply = responder.answer(bytes)
            if !reply.isEmpty { guard (try? channel.write(reply, phase: .mqtt)) != nil else { return } }
        }
    }
}

/// MQTT without TLS over an accepted socket (the plain-listener scenario).
final class PlainChannel: ByteChannel {
    let fd: Int32
    let timeoutSeconds: Double
    private var closed = false

    init(fd: Int32, timeoutSeconds: Double) {
        self.fd = fd
        self.timeoutSeconds = timeoutSeconds
    }

    func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw .closedByPeer(phase: phase) }
            offset += sent
        }
    }

    func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8] {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeoutSeconds * 1000)) > 0 else {
            throw .timedOut(phase: phase, seconds: timeoutSeconds)
        }
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer.prefix(count)) : []
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    deinit { close() }
}
