import Findings
import MQTTCodec
import ProbeDiagnostics
import Report
import TLSProbe

/// What a failed handshake says about the port: a TLS alert named and translated, no common version, or a port
/// that speaks something else (asked in plain text). The rules in ProbeDiagnostics read the answers.
extension ProbeRunner {
    /// A failed handshake: what the failure says about the port, as findings, or the probe error when it says
    /// nothing more than that it failed.
    /// A chain the server sent before the failure (over TLS 1.2 its Certificate precedes the CertificateRequest
    /// and the alert) is judged all the same: a broker that requires a client certificate must not hide a broken
    /// chain behind that requirement.
    func handshakeFailed(_ error: TLSProbeError, trust: TrustStoreLoader.Loaded, into report: inout ProbeReport) {
        let target = report.subject
        if error.phase == .tcp {
            report.phases.append(.init(name: "tcp", status: .failed, error: error.description))
            report.probeError = "\(target): \(error.description)"
            return
        }
        report.phases.append(.init(name: "tcp", status: .ok))
        report.phases.append(.init(name: "tls", status: .failed, error: error.description))
        if !error.presentedChain.isEmpty {
            _ = verify(error.presentedChain, trust: trust, into: &report)
        }
        if case .timedOut = error {
            report.probeError =
                "\(target): \(error.description): the port accepts TCP but never answers a TLS ClientHello"
            return
        }
        if let alert = error.alert ?? (error.versionMismatch ? .protocolVersion : nil) {
            var requested = false
            if case .handshakeFailed(_, let certificateRequested, _) = error { requested = certificateRequested }
            var tls = TLSSurface(
                version: nil, cipher: nil, alpnOffered: settings.alpn, serverName: settings.effectiveServerName)
            if requested {
                tls.clientAuth = .init(
                    requested: true, required: settings.clientCertificate == nil ? true : nil,
                    presented: settings.clientCertificate != nil, acceptableIssuers: [], answer: .alert(alert))
            }
            if !settings.quick {
                tls.versions = network.surveyVersions(
                    host: settings.target.host, port: settings.target.port, options: surveyOptions, known: [])
            }
            report.tls = tls
            report.findings =
                (report.findings
                + HandshakeAlertRule.findings(
                    alert: alert, certificateRequested: requested, surface: tls, client: clientSide))
                .sortedWorstFirst()
            return
        }
        // A server that sent a certificate speaks TLS: only a port that did not is asked in plain text.
        if error.presentedChain.isEmpty, error.peerIsNotTLS || error.peerHungUp,
            let finding = identifyPlainService(reason: error.description, certainlyNotTLS: error.peerIsNotTLS)
        {
            report.findings = [finding]
            return
        }
        report.probeError = "\(target): \(error.description)"
    }

    /// Asks the port in plain text what it speaks: an MQTT CONNECT, then, when its answer leaves the question
    /// open, an HTTP HEAD.
    func identifyPlainService(reason: String, certainlyNotTLS: Bool) -> Finding? {
        let host = settings.target.host, port = settings.target.port
        let connect =
            (try? ConnectPacket(
                clientIdentifier: "chaindoctor-plain", cleanSession: true, keepAliveSeconds: 30
            ).encode()) ?? []
        guard let answer = network.askPlain(connect, host: host, port: port, timeoutSeconds: settings.stepSeconds)
        else { return nil }
        var answers = PlainServiceRule.Answers(toConnect: answer.bytes, closed: answer.closed)
        if PlainServiceRule.asksHTTP(afterConnect: answer.bytes) {
            let head = Array("HEAD / HTTP/1.0\r\nHost: \(host)\r\n\r\n".utf8)
            answers.toHTTPHead =
                network.askPlain(head, host: host, port: port, timeoutSeconds: settings.stepSeconds)?.bytes ?? []
        }
        return PlainServiceRule.finding(reason: reason, certainlyNotTLS: certainlyNotTLS, answers: answers)
    }
}
