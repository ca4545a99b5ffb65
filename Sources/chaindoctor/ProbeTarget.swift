/// `HOST[:PORT]` as a user types it: a name, an IPv4 literal, or an IPv6 literal in brackets
/// (`[::1]:8883`); a bare IPv6 literal without brackets takes the default port.
struct ProbeTarget: Equatable {
    var host: String
    var port: UInt16

    static let defaultPort: UInt16 = 8883

    init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    init?(parsing text: String) {
        var rest = Substring(text)
        if let scheme = rest.range(of: "://") {
            guard rest[..<scheme.lowerBound] == "mqtts" || rest[..<scheme.lowerBound] == "ssl" else { return nil }
            rest = rest[scheme.upperBound...]
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty {
                port = Self.defaultPort
            } else {
                guard after.hasPrefix(":"), let value = UInt16(after.dropFirst()), value > 0 else { return nil }
                port = value
            }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            host = String(rest)
            port = Self.defaultPort
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = UInt16(rest[rest.index(after: colon)...]), value > 0 else { return nil }
            port = value
        } else {
            host = String(rest)
            port = Self.defaultPort
        }
        guard !host.isEmpty, !host.contains("/"), !host.contains(" ") else { return nil }
    }
}
