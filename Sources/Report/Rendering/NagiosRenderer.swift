import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Nagios / Icinga plugin output (Monitoring Plugins Development Guidelines): one status line
/// `CHAINDOCTOR <STATE> - <what>`, the findings as long output, and performance data after `|`: days left per
/// presented certificate (warning and critical as lower bounds from --warn-days and --crit-days), each phase's
/// duration in seconds. The state is the exit code's (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Text from the
/// network is escaped as for a terminal and never holds the `|` that starts performance data.
public struct NagiosRenderer: ReportRenderer {
    public init() {}

    static func state(_ exitCode: Int32) -> String {
        switch exitCode {
        case 0: "OK"
        case 1: "WARNING"
        case 2: "CRITICAL"
        default: "UNKNOWN"
        }
    }

    /// One line of plugin text: escaped, no newline, no `|`.
    static func clean(_ text: String) -> String {
        TerminalText.escaped(text).replacingAll(of: "|", with: "/").replacingAll(of: "\n", with: " ")
    }

    /// The status line's text: Nagios Core stores it with every ';' turned into ':' (seen with Nagios 4.4.6), so a
    /// sentence's ';' is written as ',' to read the same on the Nagios screen as here.
    static func statusText(_ text: String) -> String {
        clean(text).replacingAll(of: ";", with: ",")
    }

    public func render(_ report: ProbeReport) -> String {
        let verdict = report.verdict
        // The worst finding names the problem, as check_ssl_cert's status lines do; without one, the verdict.
        var summary = verdict.summary
        if let colon = summary.find(": ") { summary = String(summary[colon.upperBound...]) }
        if let worst = report.findings.first(where: { $0.severity >= .warning }) {
            summary = "\(worst.id.rawValue): \(worst.message)"
        }
        var perfdata: [String] = []
        for (position, certificate) in (report.chain?.presentedChain ?? []).enumerated() {
            let index = certificate.presentedIndex ?? position
            perfdata.append(
                "days_left_cert\(index)=\(certificate.daysRemaining);\(report.policy.warnDays):;"
                    + "\(report.policy.critDays):;;")
        }
        for phase in report.phases {
            if let ms = phase.durationMs {
                perfdata.append("\(phase.name)_time=\(String(ms / 1000, decimals: 4))s;;;0;")
            }
        }
        var lines = [
            "CHAINDOCTOR \(Self.state(verdict.exitCode)) - \(Self.statusText(summary))"
                + (perfdata.isEmpty ? "" : " | " + perfdata.joined(separator: " "))
        ]
        for finding in report.findings {
            lines.append(
                Self.clean("\(finding.severity.rawValue.uppercased()) \(finding.id.rawValue): \(finding.message)"))
            if !finding.fix.isEmpty { lines.append(Self.clean("  fix: \(finding.fix)")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func render(_ audit: AuditReport) -> String {
        let counts = audit.counts
        let noun = audit.noun + (audit.reports.count == 1 ? "" : "s")
        let tally =
            "\(audit.reports.count) \(noun): \(counts[.accepted] ?? 0) ok, "
            + "\(counts[.acceptedWithWarnings] ?? 0) with warnings or errors, \(counts[.rejected] ?? 0) rejected, "
            + "\(counts[.unknown] ?? 0) unknown"
        let perfdata = [
            "ok=\(counts[.accepted] ?? 0);;;0;", "warnings=\(counts[.acceptedWithWarnings] ?? 0);;;0;",
            "rejected=\(counts[.rejected] ?? 0);;;0;", "unknown=\(counts[.unknown] ?? 0);;;0;",
        ]
        var lines = ["CHAINDOCTOR \(Self.state(audit.exitCode)) - \(tally) | \(perfdata.joined(separator: " "))"]
        for report in audit.reports {
            let verdict = report.verdict
            let worst = report.findings.first { $0.severity >= .warning }
            lines.append(
                Self.clean(
                    "\(Self.state(verdict.exitCode)) \(report.subject): "
                        + (worst.map { "\($0.id.rawValue): \($0.message)" } ?? report.probeError ?? "ok")))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
