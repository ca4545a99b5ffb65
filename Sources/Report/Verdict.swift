import ChainDiagnostics
public import Findings

/// The one-line answer, and the exit code a monitoring system reads (monitoring-plugin convention):
/// 0 all ok, 1 the worst finding is a warning, 2 an error or critical finding, 3 the probe could not run.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case accepted
        case acceptedWithWarnings = "accepted_with_warnings"
        case rejected
        case unknown
    }

    public var status: Status
    public var worstSeverity: Severity?
    public var exitCode: Int32
    public var summary: String

    init(report: ProbeReport) {
        if let error = report.probeError, report.chain == nil {
            self.status = .unknown
            self.worstSeverity = nil
            self.exitCode = 3
            self.summary = "UNKNOWN: \(error)"
            return
        }
        let worst = report.findings.map(\.severity).max() ?? .ok
        self.worstSeverity = worst
        let target = report.subject
        let firstProblem = report.findings.first { $0.severity == worst }?.message ?? ""
        switch worst {
        case .ok, .info:
            status = .accepted
            exitCode = 0
            let mqtt = report.mqtt?.status == .accepted ? " and accepts an MQTT CONNECT" : ""
            summary = report.kind == .check
                ? "OK: a client with this trust store accepts \(target)."
                : "OK: a client with this trust store accepts \(target)\(mqtt)."
        case .warning:
            status = .acceptedWithWarnings
            exitCode = 1
            summary = "WARNING: clients accept \(target), but: \(firstProblem)"
        case .error, .critical:
            exitCode = 2
            if report.chain?.acceptedByStandardClient == false {
                status = .rejected
                summary = "REJECTED: a client with this trust store fails to verify \(target): \(firstProblem)"
            } else if worst == .critical {
                // Not the chain: the port, the TLS versions, the client certificate. A client cannot connect either.
                status = .rejected
                summary = "REJECTED: a client cannot connect to \(target): \(firstProblem)"
            } else {
                status = .acceptedWithWarnings
                summary = "ERROR: \(firstProblem)"
            }
        }
    }
}
