import ChainDiagnostics
import Foundation
import Report
import TLSProbe

/// Runs the phases of a probe in order (tcp+tls, verify, mqtt) and assembles the report. Each phase that
/// fails is recorded with its reason; a failure before the chain is captured makes the verdict "unknown".
struct ProbeRunner {
    var settings: ProbeSettings
    /// The only place the wall clock is read; the analyzer and OpenSSL get this value.
    var clock: () -> Date

    func run() -> ProbeReport {
        let startedAt = clock()
        var report = ProbeReport(
            toolVersion: ChainDoctor.version, startedAt: startedAt, finishedAt: startedAt,
            checkedAt: settings.instant ?? startedAt,
            target: .init(host: settings.target.host, port: Int(settings.target.port), address: nil,
                          serverName: settings.effectiveServerName),
            identity: settings.identity.description,
            phases: [], tls: nil, trustStore: nil, chain: nil, openssl: nil, mqtt: nil, findings: [], probeError: nil)
        defer { report.finishedAt = clock() }

        let trust: TrustStoreLoader.Loaded
        do {
            trust = try TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
            report.trustStore = trust.summary
        } catch {
            report.probeError = String(describing: error)
            report.finishedAt = clock()
            return report
        }

        let connection: TLSConnection
        do {
            connection = try TLSConnection.open(
                host: settings.target.host, port: settings.target.port,
                options: TLSClientOptions(serverName: settings.effectiveServerName, timeoutSeconds: settings.timeoutSeconds))
        } catch {
            let failed = error.phase == .tcp ? "tcp" : "tls"
            if failed == "tls" { report.phases.append(.init(name: "tcp", status: .ok)) }
            report.phases.append(.init(name: failed, status: .failed, error: error.description))
            report.probeError = "\(settings.target.host):\(settings.target.port): \(error.description)"
            report.finishedAt = clock()
            return report
        }
        defer { connection.close() }
        let observation = connection.observation
        report.target?.address = observation.connectedAddress
        report.phases.append(.init(name: "tcp", status: .ok, durationMs: observation.tcpMilliseconds))
        report.phases.append(.init(name: "tls", status: .ok, durationMs: observation.handshakeMilliseconds))
        report.tls = .init(
            version: observation.protocolVersion, cipher: observation.cipher,
            clientCertificateRequested: observation.clientCertificateRequested,
            acceptableClientCAs: observation.acceptableClientCANames.map(DistinguishedNameText.render))

        // Judge after capturing: ours, then OpenSSL's, at the same instant and against the same trust store.
        let verifyWatch = Stopwatch()
        let judgement = ChainJudge.judge(
            presentedChain: observation.presentedChain, trust: trust, identity: settings.identity,
            at: report.checkedAt, policy: settings.policy)
        report.chain = judgement.chain
        report.openssl = judgement.openssl
        report.findings = judgement.findings
        report.phases.append(.init(
            name: "verify", status: judgement.opensslError == nil ? .ok : .failed, error: judgement.opensslError,
            durationMs: verifyWatch.elapsedMilliseconds))

        let verified = judgement.verified
        let mqtt: MQTTOutcome
        if !settings.runMQTT {
            mqtt = MQTTOutcome(protocolVersion: "3.1.1", status: .skipped, reason: "skipped (--no-mqtt)")
            report.phases.append(.init(name: "mqtt", status: .skipped))
        } else if !verified && !settings.insecure {
            mqtt = MQTTOutcome(
                protocolVersion: "3.1.1", status: .withheld,
                reason: "not attempted: the chain failed verification (use --insecure to test MQTT anyway)")
            report.phases.append(.init(name: "mqtt", status: .skipped, error: mqtt.reason))
        } else {
            let watch = Stopwatch()
            mqtt = MQTTExchange(connection: connection, timeoutSeconds: settings.timeoutSeconds).connect()
            report.phases.append(.init(
                name: "mqtt", status: mqtt.status == .accepted || mqtt.status == .refused ? .ok : .failed,
                error: mqtt.status == .accepted ? nil : mqtt.reason, durationMs: watch.elapsedMilliseconds))
        }
        report.mqtt = mqtt
        report.findings += ProbeFindings.mqtt(mqtt)
        report.findings = report.findings.sortedWorstFirst()
        return report
    }
}
