public import Findings

/// The one-line answer, and the exit code a monitoring system reads (monitoring-plugin convention):
/// 0 all ok, 1 the worst finding is a warning, 2 an error or critical finding, 3 the probe could not run.
///
/// `status` answers "can a client with these options connect and speak MQTT?": `accepted` or
/// `acceptedWithWarnings` only when TLS and the MQTT step (when it ran) succeed; `rejected` when such a client
/// cannot connect or is refused; `unknown` when nothing was observed. `worstSeverity` and `exitCode` say how bad the
/// findings are: an expiring certificate on a working broker is `acceptedWithWarnings` with exit 2.
public struct Verdict: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case accepted
        case acceptedWithWarnings = "accepted_with_warnings"
        case rejected
        case unknown
    }

    public var status: Status
    /// A client with these options can connect: `accepted` or `acceptedWithWarnings` (chaindoctor_probe_success).
    public var clientConnects: Bool { status == .accepted || status == .acceptedWithWarnings }
    public var worstSeverity: Severity?
    public var exitCode: Int32
    public var summary: String

    /// Findings that mean a client with these options cannot connect or is refused, whatever their severity: the
    /// broker requires a client certificate the client lacks, refuses the CONNECT, closes or stays silent instead
    /// of a CONNACK, or is not MQTT. Every critical finding means the same (see `Severity`).
    public static let refusals: [FindingID] = [
        .clientCertificateRequired, .mqttConnectionRefused, .mqttNoConnAck, .notMQTT,
    ]

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
        exitCode = worst >= .error ? 2 : worst == .warning ? 1 : 0
        let firstProblem = findings.first { $0.severity == worst }?.message ?? ""
        if chainAccepted == false {
            status = .rejected
            summary = "REJECTED: a client with this trust store fails to verify \(subject): \(firstProblem)"
            return
        }
        if let refusal = findings.first(where: { $0.severity == .critical || Self.refusals.contains($0.id) }) {
            // Not the chain: the port, the TLS versions, the client certificate, the MQTT answer.
            status = .rejected
            summary = "REJECTED: a client cannot connect to \(subject): \(refusal.message)"
            return
        }
        switch worst {
        case .ok, .info:
            status = .accepted
            let mqtt = mqttAccepted ? " and accepts an MQTT CONNECT" : ""
            summary =
                isCheck
                ? "OK: a client with this trust store accepts \(subject)."
                : "OK: a client with this trust store accepts \(subject)\(mqtt)."
        case .warning:
            status = .acceptedWithWarnings
            summary = "WARNING: clients accept \(subject), but: \(firstProblem)"
        case .error, .critical:
            // Clients connect, and something is wrong all the same (a certificate about to expire, a topic the
            // client may not use): the exit code says how bad.
            status = .acceptedWithWarnings
            summary = "ERROR: \(firstProblem)"
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
