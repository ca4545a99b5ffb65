/// What one run of chaindoctor reports: one probe or check, or an audit of many.
public enum ReportDocument: Sendable {
    case single(ProbeReport)
    case audit(AuditReport)

    /// The exit code a monitoring system reads (see `Verdict` and `AuditReport.exitCode`).
    public var exitCode: Int32 {
        switch self {
        case .single(let report): report.verdict.exitCode
        case .audit(let audit): audit.exitCode
        }
    }

    /// Why a single probe or check could not run to a verdict (the verdict is "unknown"); nil otherwise.
    public var couldNotRun: String? {
        guard case .single(let report) = self, report.verdict.status == .unknown else { return nil }
        return report.probeError
    }
}
