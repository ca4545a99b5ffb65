import ChainDiagnostics
import MQTTCodec
import Report
import TLSProbe

/// What a failed handshake says about the port: a TLS alert named and translated, no common version, or a port
/// that speaks something else (asked in plain text).
extension ProbeRunner {
    /// A failed handshake: what the failure says about the port, as findings, or the probe error when it says
    /// nothing more than that it failed.
    func handshakeFailed(_ error: TLSProbeError, into report: inout ProbeReport) {
        let target = report.subject
        if error.phase == .tcp {
            report.phases.append(.init(name: "tcp", status: .failed, error: error.description))
            report.probeError = "\(target): \(error.description)"
            return
        }
        report.phases.append(.init(name: "tcp", status: .ok))
        report.phases.append(.init(name: "tls", status: .failed, error: error.description))
        if case .timedOut = error {
            report.probeError = "\(target): \(error.description): the port accepts TCP but never answers a TLS ClientHello"
            return
        }
        if let alert = error.peerAlert ?? (error.versionMismatch ? "protocol version" : nil) {
            var requested = false
            if case .handshakeFailed(_, let certificateRequested) = error { requested = certificateRequested }
            var tls = ProbeReport.TLSSession(
                version: nil, cipher: nil, alpnOffered: settings.alpn, serverName: settings.effectiveServerName)
            if requested {
                tls.clientAuth = .init(requested: true, required: settings.clientCertificate == nil ? true : nil,
                                       presented: settings.clientCertificate != nil, acceptableIssuers: [], alert: alert)
            }
            if !settings.quick {
                tls.versions = Self.versionSupport(host: settings.target.host, port: settings.target.port, options: surveyOptions)
            }
            report.tls = tls
            let versionFindings = TLSFindings.findings(tls, client: clientSide).filter { $0.id != .clientCertificateRequired }
            if alert == "protocol version", versionFindings.contains(where: { $0.id == .noCommonVersion }) {
                report.findings = versionFindings
            } else {
                report.findings = [TLSAlertAdvice.handshake(
                    alert: alert, certificateRequested: requested, offeredALPN: settings.alpn,
                    hasClientCertificate: settings.clientCertificate != nil)] + versionFindings
            }
            report.findings = report.findings.sortedWorstFirst()
            return
        }
        if error.peerIsNotTLS || error.peerHungUp,
           let finding = identifyPlainService(reason: error.description, certainlyNotTLS: error.peerIsNotTLS)
        {
            report.findings = [finding]
            return
        }
        report.probeError = "\(target): \(error.description)"
    }

    /// Asks the port in plain text what it speaks: an MQTT CONNECT answered by a CONNACK is a plain MQTT
    /// listener; an answer starting "HTTP/" is a web server.
    func identifyPlainService(reason: String, certainlyNotTLS: Bool) -> Finding? {
        let connect = (try? ConnectPacket(clientIdentifier: "chaindoctor-plain", cleanSession: true, keepAliveSeconds: 30).encode()) ?? []
        guard let answer = try? PlainExchange.send(
            connect, host: settings.target.host, port: settings.target.port, timeoutSeconds: settings.timeoutSeconds, maximum: 512)
        else { return nil }
        var decoder = MQTTPacketDecoder(maximumPacketSize: 512)
        decoder.append(answer.bytes)
        if case .connAck(let connAck)? = try? decoder.nextPacket() {
            return Finding(
                id: .plainMQTTListener, severity: .critical,
                message: "This port speaks MQTT without TLS: a TLS client cannot connect to it.",
                evidence: "the TLS ClientHello failed (\(reason)); a plain MQTT CONNECT got a CONNACK (\(connAck.codeDescription))",
                fix: "Connect without TLS to this port, or use the broker's TLS port (usually 8883); on the broker, the "
                    + "TLS listener needs certfile and keyfile (a listener without them is plain MQTT).")
        }
        // A web server answers the CONNECT bytes with an error page (with or without a status line), or, asked
        // properly, with one.
        var http = answer.bytes
        if !Self.looksLikeHTTP(http) {
            http = (try? PlainExchange.send(
                Array("HEAD / HTTP/1.0\r\nHost: \(settings.target.host)\r\n\r\n".utf8), host: settings.target.host,
                port: settings.target.port, timeoutSeconds: settings.timeoutSeconds, maximum: 512))?.bytes ?? []
        }
        if Self.looksLikeHTTP(http) {
            let statusLine = String(decoding: http.prefix { $0 != 0x0D && $0 != 0x0A }.prefix(80), as: UTF8.self)
            return Finding(
                id: .httpListener, severity: .critical,
                message: "This port is a plain HTTP server, not MQTT over TLS.",
                evidence: "the TLS ClientHello failed (\(reason)); plain text got '\(statusLine)'",
                fix: "Use the broker's MQTT TLS port (usually 8883); for MQTT over WebSockets use its wss:// URL.")
        }
        guard certainlyNotTLS else { return nil }
        return Finding(
            id: .notTLS, severity: .critical,
            message: "This port does not speak TLS, nor answer an MQTT CONNECT in plain text.",
            evidence: "the TLS ClientHello failed (\(reason)); a plain CONNECT got "
                + (answer.bytes.isEmpty ? (answer.closed ? "the connection closed" : "no answer") : "\(answer.bytes.count) bytes"),
            fix: "Check the port number: this service is neither MQTT over TLS nor plain MQTT.")
    }

    static func looksLikeHTTP(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
        return head.hasPrefix("http/") || head.contains("<!doctype html") || head.contains("<html")
    }
}
