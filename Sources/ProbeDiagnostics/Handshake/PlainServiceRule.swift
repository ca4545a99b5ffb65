public import Findings
import FoundationSubstitutes
import MQTTCodec

/// A port whose answer to a TLS ClientHello was not TLS, asked again in plain text: an MQTT CONNECT answered
/// by a CONNACK is a plain MQTT listener (MQTT 3.1.1 §3.2), an answer starting "HTTP/" (or an HTML page) is a
/// web server. The probe sends the questions; this rule reads the answers.
public enum PlainServiceRule {
    /// What the port said in plain text.
    public struct Answers: Sendable {
        /// The bytes that came back for an MQTT CONNECT.
        public var toConnect: [UInt8]
        /// Whether the port closed the connection after them.
        public var closed: Bool
        /// The bytes that came back for `HEAD / HTTP/1.0`, when that was asked (see `asksHTTP`).
        public var toHTTPHead: [UInt8]?

        public init(toConnect: [UInt8], closed: Bool, toHTTPHead: [UInt8]? = nil) {
            self.toConnect = toConnect
            self.closed = closed
            self.toHTTPHead = toHTTPHead
        }
    }

    /// Whether the answer to CONNECT leaves the question open, so that the probe should also ask in HTTP.
    public static func asksHTTP(afterConnect answer: [UInt8]) -> Bool {
        connAck(in: answer) == nil && !looksLikeHTTP(answer)
    }

    /// The finding for what the port answered; nil when it says nothing more than that the handshake failed
    /// (`certainlyNotTLS` false: a TLS server may simply drop what it dislikes).
    public static func finding(reason: String, certainlyNotTLS: Bool, answers: Answers) -> Finding? {
        if let connAck = connAck(in: answers.toConnect) {
            return Finding(
                id: .plainMQTTListener,
                message: "This port speaks MQTT without TLS: a TLS client cannot connect to it.",
                evidence: "the TLS ClientHello failed (\(reason)); a plain MQTT CONNECT got a CONNACK "
                    + "(\(connAck.codeDescription))",
                fix:
                    "Connect without TLS to this port, or use the broker's TLS port (usually 8883); on the broker, the "
                    + "TLS listener needs certfile and keyfile (a listener without them is plain MQTT).")
        }
        let http = looksLikeHTTP(answers.toConnect) ? answers.toConnect : answers.toHTTPHead ?? []
        if looksLikeHTTP(http) {
            let statusLine = String(decoding: http.prefix { $0 != 0x0D && $0 != 0x0A }.prefix(80), as: UTF8.self)
            return Finding(
                id: .httpListener,
                message: "This port is a plain HTTP server, not MQTT over TLS.",
                evidence: "the TLS ClientHello failed (\(reason)); plain text got '\(statusLine)'",
                fix: "Use the broker's MQTT TLS port (usually 8883); for MQTT over WebSockets use its wss:// URL.")
        }
        guard certainlyNotTLS else { return nil }
        let answered =
            answers.toConnect.isEmpty
            ? (answers.closed ? "the connection closed" : "no answer") : "\(answers.toConnect.count) bytes"
        return Finding(
            id: .notTLS,
            message: "This port does not speak TLS, nor answer an MQTT CONNECT in plain text.",
            evidence: "the TLS ClientHello failed (\(reason)); a plain CONNECT got " + answered,
            fix: "Check the port number: this service is neither MQTT over TLS nor plain MQTT.")
    }

    static func connAck(in answer: [UInt8]) -> ConnAckPacket? {
        var decoder = MQTTPacketDecoder(maximumPacketSize: 512)
        decoder.append(answer)
        guard case .connAck(let connAck)? = try? decoder.nextPacket() else { return nil }
        return connAck
    }

    /// A web server answers the CONNECT bytes with an error page, with or without a status line.
    static func looksLikeHTTP(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
        return head.hasPrefix("http/") || head.includes("<!doctype html") || head.includes("<html")
    }
}
