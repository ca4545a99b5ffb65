public import Findings

/// The one-line answer, and the exit code a monitoring system reads (monitoring-plugin convention):
/// 0 all ok, 1 the worst finding is a warning, 2 an error or critical finding, 3 the probe could not run.
/// `status` says whether a client can connect; the exit code says how bad the findings are.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case accepted
        case acceptedWithWarnings = "accepted_with_warnings"
        case rejected
        case unknown
    }

    public var status: Status
    public var worstSeverity: Severity?
    public var exitCode: Int32
    public var summary: String

    /// What one probe or check comes to.
    /// - Parameters:
    ///   - subject: what was judged, as the summary names it ("broker.test:8883", "certfile broker.crt").
    ///   - couldNotRun: why the probe stopped before anything could be judged; the verdict is then unknown.
    ///   - chainAccepted: whether a standard client accepts the chain; nil when no chain was judged.
    ///   - isCheck: `check` judged files; there is no MQTT step to speak of.
    ///   - mqttAccepted: the broker accepted the MQTT CONNECT.
    public init(
        findings: [Finding], subject: String, couldNotRun: String?, chainAccepted: Bool?, isCheck: Bool,
        mqttAccepted: Bool
    ) {
        if let couldNotRun {
            self.status = .unknown
            self.worstSeverity = nil
            self.exitCode = 3
            self.summary = "UNKNOWN: \(couldNotRun)"
            return
        }
        let worst = findings.map(\.severity).max() ?? .ok
        self.worstSeverity = worst
        let firstProblem = findings.first { $0.severity == worst }?.message ?? ""
        switch worst {
        case .ok, .info:
            status = .accepted
            exitCode = 0
            let mqtt = mqttAccepted ? " and accepts an MQTT CONNECT" : ""
            summary =
                isCheck
                ? "OK: a client with this trust store accepts \(subject)."
                : "OK: a client with this trust store accepts \(subject)\(mqtt)."
        case .warning:
            status = .acceptedWithWarnings
            exitCode = 1
            summary = "WARNING: clients accept \(subject), but: \(firstProblem)"
        case .error, .critical:
            exitCode = 2
            if chainAccepted == false {
                status = .rejected
                summary = "REJECTED: a client with this trust store fails to verify \(subject): \(firstProblem)"
            } else if worst == .critical {
                // Not the chain: the port, the TLS versions, the client certificate. A client cannot connect either.
                status = .rejected
                summary = "REJECTED: a client cannot connect to \(subject): \(firstProblem)"
            } else {
                status = .acceptedWithWarnings
                summary = "ERROR: \(firstProblem)"
            }
        }
    }

    /// The worst of many, for a monitoring system: 2 (a broker rejected or in error) before 3 (a broker that
    /// could not be probed) before 1 (a warning) before 0.
    public static func worstExitCode(_ verdicts: [Verdict]) -> Int32 {
        let codes = Set(verdicts.map(\.exitCode))
        for code in [Int32(2), 3, 1] where codes.contains(code) { return code }
        return 0
    }
}
