/// One output format: a finished report in, text out. A renderer shows what the report holds and decides
/// nothing: every finding, verdict and exit code is made before it runs. A new format is one renderer file and
/// one case of `OutputFormat`.
public protocol ReportRenderer: Sendable {
    /// One probe or check.
    func render(_ report: ProbeReport) -> String
    /// Many probes (`audit`).
    func render(_ audit: AuditReport) -> String
}

extension ReportRenderer {
    public func render(_ document: ReportDocument) -> String {
        switch document {
        case .single(let report): render(report)
        case .audit(let audit): render(audit)
        }
    }
}
