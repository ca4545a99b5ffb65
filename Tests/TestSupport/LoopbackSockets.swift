public import Foundation
import Glibc
import Synchronization

/// Sockets on 127.0.0.1 that tests use as peers: ports, a listener that never answers, and a wait for a server.
public enum Loopback {
    /// Ports already handed out in this test process: never handed out twice, so two servers of this suite never
    /// race for one port. A port some other process takes in between is caught by `ServerProcess.start`, which
    /// tries another one.
    private static let handedOut = Mutex<Set<UInt16>>([])

    /// A free loopback port (bound, read, released), never one this process was given before.
    public static func freePort() throws -> UInt16 {
        for _ in 0..<64 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = address(port: 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard ok else {
                throw TestSupportError("cannot bind a loopback port: \(String(cString: strerror(errno)))")
            }
            let port = UInt16(bigEndian: address.sin_port)
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw TestSupportError("the kernel kept handing out ports this suite already uses")
    }

    /// Whether something accepts TCP on the port now (of 127.0.0.1, or of another loopback address `host`).
    public static func accepts(port: UInt16, host: String = "127.0.0.1") -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = address(port: port, host: host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until a socket listens on 127.0.0.1:`port`, read from the kernel's table (/proc/net/tcp, state 0A
    /// LISTEN) without connecting, so that a server that accepts one connection keeps it for the test.
    public static func waitUntilListening(port: UInt16, process: Process, seconds: Double = 10) throws {
        let local = "0100007F:" + String(format: "%04X", port)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard process.isRunning else { throw TestSupportError("server exited before listening on \(port)") }
            let table = Self.kernelTable("/proc/net/tcp")
            let listening = table.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 3 && fields[1] == local && fields[3] == "0A"
            }
            if listening { return }
            usleep(20_000)
        }
        throw TestSupportError("nothing listened on \(port) within \(seconds) s")
    }

    /// A /proc table read to its end. Its size is 0 to stat(2), and a read sized by it stops at the first page:
    /// with the lab's 30 listening sockets the table is longer than that, and a server further down went unseen.
    static func kernelTable(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Waits until something accepts TCP on the port (of `host`), failing as soon as `process` exits.
    public static func waitForListener(
        port: UInt16, process: Process, seconds: Double = 10, host: String = "127.0.0.1"
    ) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard process.isRunning else { throw TestSupportError("server exited before listening on \(port)") }
            if accepts(port: port, host: host) { return }
            usleep(50_000)
        }
        throw TestSupportError("nothing listened on \(host):\(port) within \(seconds) s")
    }

    /// A socket bound to a fresh loopback port, listening or not; the caller closes it.
    static func boundSocket(listening: Bool) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && (!listening || listen(fd, 8) == 0) && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            throw TestSupportError("cannot bind a loopback port: \(String(cString: strerror(errno)))")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// 127.0.0.1:`port` (or `host`:`port`) as the socket calls take it.
    public static func address(port: UInt16, host: String = "127.0.0.1") -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = port.bigEndian
        return address
    }
}

/// A listening socket that is never accepted from: the kernel completes the TCP handshake, then nothing is ever
/// said. Closed when this object goes.
public final class SilentListener {
    public let fd: Int32
    public let port: UInt16

    public init() throws {
        (fd, port) = try Loopback.boundSocket(listening: true)
    }

    deinit { close(fd) }
}

/// A loopback port where nothing listens, for as long as this object lives: a socket bound to it and never
/// listening holds the port, so no server of the suite can take it, and a connection to it is refused.
public final class RefusingPort {
    public let fd: Int32
    public let port: UInt16

    public init() throws {
        (fd, port) = try Loopback.boundSocket(listening: false)
    }

    deinit { close(fd) }
}
