/// What the user asks to probe: `HOST[:PORT]` (a name, an IPv4 literal, or an IPv6 literal in brackets,
import FoundationSubstitutes

/// `[::1]:8883`; a bare IPv6 literal takes the default port), optionally as a URL: `mqtts://` and `ssl://` for
/// MQTT over TLS (port 8883), `wss://HOST[:PORT][/PATH]` for MQTT over WebSockets over TLS (port 443, path /mqtt).
public struct ProbeTarget: Equatable, Sendable {
    public enum Transport: Equatable, Sendable {
        case tcp
        /// MQTT over WebSockets (MQTT 5 §6), upgraded at this request path.
        case websocket(path: String)
    }

    public var host: String
    public var port: UInt16
    public var transport: Transport = .tcp

    public static let defaultPort: UInt16 = 8883
    public static let defaultWebSocketPort: UInt16 = 443
    public static let defaultWebSocketPath = "/mqtt"

    public init(host: String, port: UInt16, transport: Transport = .tcp) {
        self.host = host
        self.port = port
        self.transport = transport
    }

    public init?(parsing text: String) {
        var rest = Substring(text)
        var defaultPort = Self.defaultPort
        if let scheme = rest.find("://") {
            switch rest[..<scheme.lowerBound].lowercased() {
            case "mqtts", "ssl", "tls":
                break
            case "wss":
                defaultPort = Self.defaultWebSocketPort
                transport = .websocket(path: Self.defaultWebSocketPath)
            default:
                return nil
            }
            rest = rest[scheme.upperBound...]
            if let slash = rest.firstIndex(of: "/") {
                let path = String(rest[slash...])
                guard case .websocket = transport else { return nil }
                transport = .websocket(path: path)
                rest = rest[..<slash]
            }
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty {
                port = defaultPort
            } else {
                guard after.hasPrefix(":"), let value = UInt16(after.dropFirst()), value > 0 else { return nil }
                port = value
            }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            host = String(rest)
            port = defaultPort
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = UInt16(rest[rest.index(after: colon)...]), value > 0 else { return nil }
            port = value
        } else {
            host = String(rest)
            port = defaultPort
        }
        guard !host.isEmpty, !host.contains("/"), !host.contains(" ") else { return nil }
    }
}
