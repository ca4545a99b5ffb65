import Glibc

/// Opens a non-blocking TCP connection to the first address of a host that answers within the deadline.
///
/// IPv4 and IPv6 literals and names are resolved with getaddrinfo(3); each address is tried in turn,
/// as a client library would, until one connects or the deadline passes.
enum TCPConnector {
    struct Connected {
        let fd: Int32
        let address: String
    }

    static func connect(host: String, port: UInt16, deadline: Deadline) throws(TLSProbeError) -> Connected {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw .resolutionFailed(host: host, reason: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }

        var lastError: TLSProbeError = .connectionFailed(address: host, reason: "no address")
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            node = entry.pointee.ai_next
            let address = numericAddress(entry.pointee.ai_addr, length: entry.pointee.ai_addrlen, port: port)
            let fd = socket(
                entry.pointee.ai_family, entry.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                entry.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = .connectionFailed(address: address, reason: errnoText())
                continue
            }
            do {
                try connectNonBlocking(
                    fd: fd, to: entry.pointee.ai_addr, length: entry.pointee.ai_addrlen,
                    address: address, deadline: deadline)
                return Connected(fd: fd, address: address)
            } catch {
                Glibc.close(fd)
                lastError = error
                if case .timedOut = error { throw error }
            }
        }
        throw lastError
    }

    private static func connectNonBlocking(
        fd: Int32, to address: UnsafeMutablePointer<sockaddr>?, length: socklen_t, address text: String,
        deadline: Deadline
    ) throws(TLSProbeError) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, address, length) == 0 { return }
        guard errno == EINPROGRESS else {
            throw .connectionFailed(address: text, reason: errnoText())
        }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        while true {
            let ready = poll(&pfd, 1, deadline.remainingMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { throw .timedOut(phase: .tcp, seconds: deadline.seconds) }
            break
        }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        if soError != 0 {
            throw .connectionFailed(address: text, reason: String(cString: strerror(soError)))
        }
    }

    /// "127.0.0.1:8883" or "[::1]:8883".
    /// Every address `host` resolves to (A and AAAA, in getaddrinfo's order, each once), as numeric hosts without
    /// a port: what `--all-addresses` probes one by one.
    static func addresses(of host: String) throws(TLSProbeError) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &list)
        guard rc == 0, let first = list else {
            throw .resolutionFailed(host: host, reason: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        var found: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            node = entry.pointee.ai_next
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
                    NI_NUMERICHOST) == 0
            else { continue }
            let address = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !found.contains(address) { found.append(address) }
        }
        return found
    }

    static func numericAddress(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t, port: UInt16) -> String {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard let address,
            getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
        else { return "?" }
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The addresses behind a name, for probing each node of a cluster (`--all-addresses`).
public enum AddressResolver {
    public static func addresses(of host: String) throws(TLSProbeError) -> [String] {
        try TCPConnector.addresses(of: host)
    }
}
