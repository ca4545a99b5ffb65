import Glibc

/// A listening TCP socket for chaindoctor's own servers (the exporter's HTTP, the lab's brokers): bound to one
/// address or to every address, with the port the kernel chose when asked for port 0.
public struct ListeningSocket: Sendable {
    public let fd: Int32
    public let port: UInt16
    /// The address bound; empty for every address.
    public let host: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// "HOST:PORT", "[V6]:PORT", ":PORT" → (host, port); an empty host means every address.
    public static func split(_ address: String) -> (String, UInt16)? {
        var host: Substring
        var portText: Substring
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else { return nil }
            host = address[address.index(after: address.startIndex)..<close]
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = address.lastIndex(of: ":") else { return nil }
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
            guard !host.contains(":") else { return nil }
        }
        guard let port = UInt16(portText) else { return nil }
        return (String(host), port)
    }

    /// Binds `host` (an IPv4 or IPv6 literal; empty for every address, IPv4 included) and `port`, and listens.
    public init(host: String, port: UInt16) throws(Failure) {
        var storage = sockaddr_storage()
        var length: socklen_t
        var family: Int32
        if host.isEmpty || host.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard host.isEmpty || inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                throw Failure(description: "'\(host)' is not an IPv6 address")
            }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in6.self) }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw Failure(description: "'\(host)' is not an IPv4 or IPv6 address")
            }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in.self) }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        }
        let fd = Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if host.isEmpty {  // every address: IPv4 too, through the IPv6 socket
            var zero: Int32 = 0
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot listen on \(host.isEmpty ? "*" : host):\(port): \(reason)")
        }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        self.port = withUnsafeBytes(of: &actual) { raw in
            family == AF_INET6
                ? UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
                : UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
        }
        self.fd = fd
        self.host = host
    }

    /// Whether a client beyond this machine can reach it.
    public var beyondLoopback: Bool { !(host.hasPrefix("127.") || host == "::1") }

    /// The next connection (its descriptor closed on exec); nil on a failure worth retrying (EINTR, out of
    /// descriptors, which also waits 50 ms for some to close).
    public func accept() -> Int32? {
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else {
            if errno == EMFILE || errno == ENFILE { usleep(50_000) }
            return nil
        }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return client
    }
}
