/// Recognises a few answers that are clearly not MQTT, to say what the peer speaks instead.
public enum ForeignProtocolSniffer {
    public enum Guess: Sendable, Equatable {
        case http
        /// A TLS record header: content type 20-23, version 3.x.
        case tlsRecord
        case unknown
    }

    public static func sniff(_ prefix: some Collection<UInt8>) -> Guess {
        let head = Array(prefix.prefix(5))
        if head.count >= 5, head == Array("HTTP/".utf8) { return .http }
        if head.count >= 2, (20...23).contains(head[0]), head[1] == 3 { return .tlsRecord }
        return .unknown
    }
}
