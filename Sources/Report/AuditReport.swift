public import Foundation

/// Many probes, one verdict: the reports in the order the brokers were listed.
public struct AuditReport: Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var reports: [ProbeReport]

    public init(startedAt: Date, finishedAt: Date, reports: [ProbeReport]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.reports = reports
    }

    /// The worst of all, for a monitoring system: 2 (a broker rejected or in error) before 3 (a broker that could
    /// not be probed) before 1 (a warning) before 0.
    public var exitCode: Int32 {
        let codes = Set(reports.map(\.verdict.exitCode))
        for code in [Int32(2), 3, 1] where codes.contains(code) { return code }
        return 0
    }

    /// How many brokers ended in each verdict status.
    public var counts: [Verdict.Status: Int] {
        reports.reduce(into: [:]) { $0[$1.verdict.status, default: 0] += 1 }
    }
}
