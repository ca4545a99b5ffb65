import Foundation
import Glibc

/// A minimal HTTP/1.1 client for loopback servers the tests start (the exporter, Prometheus's API): one request,
/// read to the server's close, with a deadline. Written on sockets so that a test can also send what no library
/// client would (a 10 kB query, a header trickled byte by byte).
public enum HTTPGet {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
    }

    /// GET `path` from 127.0.0.1:`port`.
    public static func get(
        port: UInt16, _ path: String, headers: [String: String] = [:], seconds: Double = 30
    ) throws -> Response {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        return try raw(port: port, Array((request + "\r\n").utf8), seconds: seconds)
    }

    /// Sends `bytes` as they are and parses what comes back.
    public static func raw(port: UInt16, _ bytes: [UInt8], seconds: Double = 30) throws -> Response {
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(fd, bytes)
        let answer = try readToClose(fd, seconds: seconds)
        return try parse(answer)
    }

    public static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        var address = Loopback.address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TestSupportError("connect to 127.0.0.1:\(port): \(reason)")
        }
        return fd
    }

    public static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw TestSupportError("send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    public static func readToClose(_ fd: Int32, seconds: Double) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(seconds)
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw TestSupportError("no complete answer within \(seconds) s") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return answer }
            answer += buffer[..<count]
        }
    }

    static func parse(_ answer: [UInt8]) throws -> Response {
        guard let end = answer.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestSupportError("not an HTTP response: \(String(decoding: answer.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: answer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestSupportError("not an HTTP status line: \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(answer[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var rest = bytes[...]
        while let lineEnd = rest.firstRange(of: [13, 10]) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let stop = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            out += rest[start..<stop]
            rest = rest[min(rest.endIndex, stop + 2)...]
        }
        return out
    }
}
