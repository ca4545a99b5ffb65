import MQTTCodec
import Report
import TLSProbe
import Foundation

/// The MQTT step (MQTT 3.1.1 §3.1, §3.2): CONNECT with a clean session and a random client id, read the
/// CONNACK, say it in words, DISCONNECT. Never sends a user name or password.
struct MQTTExchange {
    var connection: TLSConnection
    var timeoutSeconds: Double
    /// A CONNACK is 4 bytes; anything much larger before it is not an MQTT broker talking.
    var maximumAnswerBytes = 64 * 1024

    func connect() -> MQTTOutcome {
        let clientID = "chaindoctor-" + String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
        let version = "3.1.1"
        var received: [UInt8] = []
        var receivedCount = 0
        func outcome(_ status: MQTTOutcome.Status, _ reason: String) -> MQTTOutcome {
            MQTTOutcome(protocolVersion: version, status: status, reason: reason, clientIdentifier: clientID,
                        receivedBytes: receivedCount)
        }
        let packet = ConnectPacket(clientIdentifier: clientID, cleanSession: true, keepAliveSeconds: 30)
        do {
            try connection.write(try packet.encode())
        } catch let error as TLSProbeError {
            return outcome(.failed, "sending CONNECT failed: \(error.description)")
        } catch {
            return outcome(.failed, "cannot encode CONNECT: \(error)")
        }

        var decoder = MQTTPacketDecoder(maximumPacketSize: maximumAnswerBytes)
        let watch = Stopwatch()
        while true {
            let elapsedSeconds = watch.elapsedMilliseconds / 1000
            if elapsedSeconds >= timeoutSeconds {
                return outcome(.timeout, silentReason(received, count: receivedCount))
            }
            let bytes: [UInt8]
            do {
                bytes = try connection.read(maximum: 16_384, phase: .mqtt)
            } catch .timedOut {
                return outcome(.timeout, silentReason(received, count: receivedCount))
            } catch {
                return outcome(.failed, "the TLS channel failed before a CONNACK: \(error.description)")
            }
            if bytes.isEmpty {
                return received.isEmpty
                    ? outcome(.closed, "the broker closed the connection without a CONNACK")
                    : outcome(.notMQTT, "the peer sent \(receivedCount) bytes that are not a CONNACK, then closed: \(preview(received))")
            }
            receivedCount += bytes.count
            if received.count < 64 { received += bytes.prefix(64 - received.count) }
            decoder.append(bytes)
            do {
                guard let answer = try decoder.nextPacket() else { continue }
                switch answer {
                case .connAck(let connAck):
                    try? connection.write(DisconnectPacket().encode())
                    let code = Int(connAck.returnCode.rawValue)
                    return MQTTOutcome(
                        protocolVersion: version, status: code == 0 ? .accepted : .refused, returnCode: code,
                        reason: code == 0 ? "CONNACK accepted (return code 0)" : connAck.returnCode.description,
                        sessionPresent: connAck.sessionPresent, clientIdentifier: clientID)
                default:
                    return outcome(.notMQTT, "the first packet was not a CONNACK: \(preview(received))")
                }
            } catch {
                return outcome(.notMQTT, "\(describeForeign(received)) (\(error))")
            }
        }
    }

    private var seconds: String {
        timeoutSeconds == timeoutSeconds.rounded() ? String(Int(timeoutSeconds)) : String(timeoutSeconds)
    }

    private func silentReason(_ received: [UInt8], count: Int) -> String {
        if received.isEmpty {
            return "no answer to CONNECT within \(seconds) s; an MQTT broker answers at once, "
                + "so this TLS service is probably not MQTT"
        }
        return "only \(count) bytes of an answer within \(seconds) s: \(preview(received))"
    }

    private func describeForeign(_ bytes: [UInt8]) -> String {
        switch ForeignProtocolSniffer.sniff(bytes) {
        case .http: return "the server answered HTTP, not MQTT: \(preview(bytes))"
        case .tlsRecord: return "the server answered with TLS records inside TLS, not MQTT"
        default: return "the answer is not MQTT: \(preview(bytes))"
        }
    }

    private func preview(_ bytes: [UInt8]) -> String {
        let head = bytes.prefix(32)
        if head.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + String(decoding: head, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\\r\\n")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        return head.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined(separator: " ")
    }
}
