import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Prometheus text exposition format (version 0.0.4), for node_exporter's textfile collector from cron: every
/// metric the report holds, with base units (seconds, timestamps), a `target` label on every sample, HELP and TYPE
/// once per family, and label values escaped. Written even when the probe fails, since that is when it matters.
/// The metrics are documented in the README's Monitoring section and in `Man/chaindoctor.rules.yml`'s alerts.
public struct PrometheusRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: ProbeReport) -> String {
        var families = Families()
        add(report, to: &families)
        return families.text
    }

    public func render(_ audit: AuditReport) -> String {
        var families = Families()
        for report in audit.reports { add(report, to: &families) }
        families.sample(
            "chaindoctor_audit_targets", .gauge, "Brokers (or listeners) in the audit.", [:],
            Double(audit.reports.count))
        return families.text
    }

    /// Metric families in the order first met, each with its samples.
    struct Families {
        enum Kind: String { case gauge }
        private var order: [String] = []
        private var headers: [String: String] = [:]
        private var samples: [String: [String]] = [:]

        mutating func sample(_ name: String, _ kind: Kind, _ help: String, _ labels: [String: String], _ value: Double)
        {
            if headers[name] == nil {
                order.append(name)
                headers[name] = "# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n"
            }
            let text =
                labels.isEmpty
                ? ""
                : "{"
                    + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escape($0.value))\"" }
                    .joined(separator: ",") + "}"
            samples[name, default: []].append("\(name)\(text) \(Self.format(value))")
        }

        var text: String {
            order.map { headers[$0]! + samples[$0, default: []].joined(separator: "\n") + "\n" }.joined()
        }

        /// Label values: control characters and bidi overrides from certificates made visible (as for a terminal,
        /// where this output may land), then backslash, double quote and newline escaped (exposition format).
        static func escape(_ value: String) -> String {
            TerminalText.escaped(value).replacingAll(of: "\\", with: "\\\\")
                .replacingAll(of: "\"", with: "\\\"").replacingAll(of: "\n", with: "\\n")
        }

        static func format(_ value: Double) -> String { PrometheusRenderer.sampleValue(value) }
    }

    /// A sample's value as the exposition format writes it: whole numbers without a fraction.
    public static func sampleValue(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func add(_ report: ProbeReport, to families: inout Families) {
        let target =
            report.target?.display ?? report.files?.listener ?? report.files.map { "certfile \($0.certfile)" }
            ?? "the chain"
        let base = ["target": target]
        func with(_ extra: [String: String]) -> [String: String] { base.merging(extra) { $1 } }
        let verdict = report.verdict
        let success: Double = verdict.clientConnects ? 1 : 0
        families.sample(
            "chaindoctor_probe_success", .gauge, "1 when a client with these options can connect (verdict accepted).",
            base, success)
        families.sample(
            "chaindoctor_verdict", .gauge, "The verdict's status, as a label; the value is always 1.",
            with(["status": verdict.status.rawValue]), 1)
        families.sample(
            "chaindoctor_exit_code", .gauge,
            "The monitoring exit code: 0 ok, 1 warning, 2 error or critical, 3 unknown.",
            base, Double(verdict.exitCode))
        families.sample(
            "chaindoctor_probe_duration_seconds", .gauge, "How long the whole probe (or check) took.", base,
            max(0, report.finishedAt.timeIntervalSince(report.startedAt)))
        for phase in report.phases {
            families.sample(
                "chaindoctor_phase_success", .gauge, "1 when the phase (tcp, tls, verify, mqtt) succeeded.",
                with(["phase": phase.name]), phase.status == .ok ? 1 : 0)
            if let ms = phase.durationMs {
                families.sample(
                    "chaindoctor_phase_duration_seconds", .gauge, "How long the phase took.",
                    with(["phase": phase.name]), ms / 1000)
            }
        }
        for (position, certificate) in (report.chain?.presentedChain ?? []).enumerated() {
            families.sample(
                "chaindoctor_certificate_not_after_timestamp_seconds", .gauge,
                "notAfter of each certificate the broker presented, as a Unix timestamp.",
                with([
                    "index": String(certificate.presentedIndex ?? position), "subject_cn": certificate.displayName,
                    "issuer_cn": certificate.issuerDisplayName, "serial": certificate.serialNumber,
                    "sha256": certificate.sha256,
                ]), certificate.notAfter.timeIntervalSince1970)
        }
        for (position, certificate) in (report.chain?.verifiedChain ?? []).enumerated() {
            families.sample(
                "chaindoctor_certificate_verified_not_after_timestamp_seconds", .gauge,
                "notAfter of each certificate of the verified path, leaf to trust anchor, as a Unix timestamp.",
                with([
                    "position": String(position), "subject_cn": certificate.displayName, "sha256": certificate.sha256,
                ]),
                certificate.notAfter.timeIntervalSince1970)
        }
        for version in report.tls?.versions ?? [] {
            families.sample(
                "chaindoctor_tls_version_accepted", .gauge,
                "1 when the broker accepted a handshake offering only this version (absent without the survey).",
                with(["version": version.version.rawValue]), version.accepted ? 1 : 0)
        }
        if let mqtt = report.mqtt, let code = mqtt.reasonCode ?? mqtt.returnCode {
            families.sample(
                "chaindoctor_mqtt_connack_code", .gauge,
                "The CONNACK return code (MQTT 3.1.1) or reason code (MQTT 5); 0 is accepted.",
                with(["protocol_version": mqtt.protocolVersion]), Double(code))
        }
        for client in report.clients ?? [] {
            families.sample(
                "chaindoctor_client_accepts", .gauge, "1 when the client family accepts the chain (--clients).",
                with(["family": client.family.rawValue]), client.accepted ? 1 : 0)
        }
        for finding in report.findings {
            families.sample(
                "chaindoctor_finding", .gauge, "One sample per finding, by id and severity; the value is always 1.",
                with(["id": finding.id.rawValue, "severity": finding.severity.rawValue]), 1)
        }
    }
}
