public import ProbeDiagnostics

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Many probes, one verdict: the reports in the order the brokers were listed.
public struct AuditReport: Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var reports: [ProbeReport]
    /// What each report is about, for the tally: "broker" (audit) or "listener" (check --config).
    public var noun: String

    public init(startedAt: Date, finishedAt: Date, reports: [ProbeReport], noun: String = "broker") {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.reports = reports
        self.noun = noun
    }

    /// The worst of all (`Verdict.worstExitCode`).
    public var exitCode: Int32 {
        Verdict.worstExitCode(reports.map(\.verdict))
    }

    /// How many brokers ended in each verdict status.
    public var counts: [Verdict.Status: Int] {
        reports.reduce(into: [:]) { $0[$1.verdict.status, default: 0] += 1 }
    }
}
