import FoundationSubstitutes
import Glibc
import Synchronization
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One HTTP request as the exporter needs it: the method, the path, the decoded query parameters in order, and
/// the headers (names lower-cased).
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [String: String]

    public init(method: String, path: String, query: [(name: String, value: String)], headers: [String: String]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A refusal: the status and one line saying why.
    public static func error(_ status: Int, _ reason: String) -> HTTPResponse {
        HTTPResponse(status: status, body: reason + "\n")
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// A small HTTP/1.1 server for the exporter: one thread per connection, one request per connection
/// (`Connection: close`, as Prometheus's scrapes need nothing more). It is written to outlast its clients: the
/// request head must arrive within `requestSeconds` (a slowloris client gets a 408 and the door) and fit in
/// `maximumRequestBytes` (a 10 kB query string gets a 400), at most `maximumConnections` are open at once (the rest get a
/// 503 at once), and no write can kill the process (MSG_NOSIGNAL).
public final class HTTPServer: Sendable {
    public static let maximumRequestBytes = 8_192
    public static let requestSeconds = 5.0

    /// The port bound (the one asked for, or the kernel's choice for port 0).
    public let port: UInt16
    /// The address bound; empty for every address.
    public let host: String
    public let maximumConnections: Int
    private let listening: ListeningSocket
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let openConnections = Atomic<Int>(0)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Binds `address` ("127.0.0.1:9883", "[::1]:9883", "0.0.0.0:9883", "[::]:9883", ":9883" for every
    /// address) and listens.
    public init(
        listen address: String, maximumConnections: Int = 512,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws(Failure) {
        guard let (host, port) = ListeningSocket.split(address) else {
            throw Failure(description: "--listen '\(address)' is not ADDRESS:PORT, [IPv6]:PORT or :PORT")
        }
        let listening: ListeningSocket
        do {
            listening = try ListeningSocket(host: host, port: port)
        } catch {
            throw Failure(description: "--listen \(error.description)")
        }
        self.port = listening.port
        self.listening = listening
        self.host = host
        self.maximumConnections = maximumConnections
        self.handler = handler
    }

    /// Whether a client beyond this machine can reach the server.
    public var listensBeyondLoopback: Bool { listening.beyondLoopback }

    /// Accepts connections until the process ends, each on its own thread.
    public func serve() -> Never {
        while true { acceptOne() }
    }

    private func acceptOne() {
        guard let client = listening.accept() else { return }
        guard openConnections.add(1, ordering: .relaxed).newValue <= maximumConnections else {
            openConnections.subtract(1, ordering: .relaxed)
            Self.send(
                .error(503, "too many open connections (\(maximumConnections)); try again"), to: client,
                head: false)
            close(client)
            return
        }
        let started = Threads.start(stackSize: 4 << 20) { [self] in
            defer {
                close(client)
                openConnections.subtract(1, ordering: .relaxed)
            }
            handle(client)
        }
        if !started {
            Self.send(.error(503, "no thread left to answer; try again"), to: client, head: false)
            close(client)
            openConnections.subtract(1, ordering: .relaxed)
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        switch Self.readHead(client) {
        case .failure(let error):
            Self.send(error.response, to: client, head: false)
        case .success(let head):
            switch Self.parse(head) {
            case .failure(let error):
                Self.send(error.response, to: client, head: false)
            case .success(let request):
                guard request.method == "GET" || request.method == "HEAD" else {
                    Self.send(.error(405, "only GET and HEAD"), to: client, head: false)
                    return
                }
                Self.send(handler(request), to: client, head: request.method == "HEAD")
            }
        }
    }

    /// The request head, up to the blank line, within the time and size bounds.
    static func readHead(_ client: Int32) -> Result<[UInt8], ResponseError> {
        let deadline = Date().addingTimeInterval(requestSeconds)
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2_048)
        while true {
            let end = head.firstRange(of: [13, 10, 13, 10]) ?? head.firstRange(of: [10, 10])
            guard (end?.lowerBound ?? head.count) <= maximumRequestBytes else {
                return .failure(ResponseError(.error(400, "request head over \(maximumRequestBytes) bytes")))
            }
            if let end { return .success(Array(head[..<end.lowerBound])) }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                return .failure(ResponseError(.error(408, "request head not complete within \(Int(requestSeconds)) s")))
            }
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return .failure(ResponseError(nil)) }  // the client left
            head += buffer[..<count]
        }
    }

    struct ResponseError: Error {
        var response: HTTPResponse?
        init(_ response: HTTPResponse?) { self.response = response }
    }

    /// "GET /probe?target=a%3A1 HTTP/1.1" and its headers.
    static func parse(_ head: [UInt8]) -> Result<HTTPRequest, ResponseError> {
        // By bytes: "\r\n" is one Character to Swift's String, so a split on "\n" would not see it.
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)[...]
        }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            return .failure(ResponseError(.error(400, "not an HTTP/1.x request line")))
        }
        let target = requestLine[1]
        guard target.hasPrefix("/") else {
            return .failure(ResponseError(.error(400, "the request target is not a path")))
        }
        let path: Substring
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            for pair in target[target.index(after: mark)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                    return .failure(ResponseError(.error(400, "the query string is not valid percent-encoding")))
                }
                query.append((name, value))
            }
        } else {
            path = target
        }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(ResponseError(.error(400, "a header line without a colon")))
            }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimming(.whitespaces)
        }
        return .success(
            HTTPRequest(method: String(requestLine[0]), path: String(path), query: query, headers: headers))
    }

    static func decode(_ text: Substring) -> String? {
        String(text).replacingAll(of: "+", with: " ").percentDecoded
    }

    static func send(_ response: HTTPResponse?, to client: Int32, head: Bool) {
        guard let response else { return }
        let body = Array(response.body.utf8)
        let header =
            "HTTP/1.1 \(response.status) \(HTTPResponse.reasonPhrase(response.status))\r\n"
            + "Content-Type: \(response.contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var bytes = Array(header.utf8)
        if !head { bytes += body }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return }
            offset += sent
        }
    }
}
