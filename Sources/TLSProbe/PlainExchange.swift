import Glibc

/// One request over plain TCP, to learn what a port that does not speak TLS speaks instead: send `request`,
/// collect what comes back until the peer closes, `maximum` bytes arrived, the answer is complete (`isComplete`),
/// or the deadline passes.
public enum PlainExchange {
    public struct Answer: Sendable, Equatable {
        /// What the peer sent (at most `maximum` bytes).
        public var bytes: [UInt8]
        /// The peer closed the connection.
        public var closed: Bool
        /// The deadline passed first.
        public var timedOut: Bool

        public init(bytes: [UInt8], closed: Bool, timedOut: Bool) {
            self.bytes = bytes
            self.closed = closed
            self.timedOut = timedOut
        }
    }

    public static func send(
        _ request: [UInt8], host: String, port: UInt16, timeoutSeconds: Double, maximum: Int = 4096,
        isComplete: ([UInt8]) -> Bool = { _ in false }
    ) throws(TLSProbeError) -> Answer {
        let deadline = Deadline(secondsFromNow: timeoutSeconds)
        let connection = try TCPConnector.connect(host: host, port: port, deadline: deadline)
        defer { Glibc.close(connection.fd) }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes {
                Glibc.send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EAGAIN || errno == EINTR {
                    var pfd = pollfd(fd: connection.fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&pfd, 1, deadline.remainingMilliseconds) == 0 {
                        return Answer(bytes: [], closed: false, timedOut: true)
                    }
                    continue
                }
                return Answer(bytes: [], closed: true, timedOut: false)
            }
            sent += written
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < maximum {
            var pfd = pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, deadline.remainingMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { return Answer(bytes: received, closed: false, timedOut: true) }
            let count = buffer.withUnsafeMutableBytes {
                recv(connection.fd, $0.baseAddress, min($0.count, maximum - received.count), 0)
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if count <= 0 { return Answer(bytes: received, closed: true, timedOut: false) }
            received += buffer.prefix(count)
            if isComplete(received) { return Answer(bytes: received, closed: false, timedOut: false) }
        }
        return Answer(bytes: received, closed: false, timedOut: false)
    }
}
