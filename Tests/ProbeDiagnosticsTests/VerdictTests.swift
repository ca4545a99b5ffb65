import Findings
import ProbeDiagnostics
import Testing

/// What findings come to: status for whether a client connects, exit code for how bad it is.
@Suite(.timeLimit(.minutes(10))) struct VerdictTests {
    func finding(_ id: FindingID, _ severity: Severity? = nil) -> Finding {
        Finding(id: id, severity: severity, message: "\(id.rawValue) message", evidence: "", fix: "")
    }

    func verdict(_ findings: [Finding], chainAccepted: Bool? = true, couldNotRun: String? = nil) -> Verdict {
        Verdict(
            findings: findings, subject: "broker.test:8883", couldNotRun: couldNotRun, chainAccepted: chainAccepted,
            isCheck: false, mqttAccepted: true)
    }

    @Test func statusAndExitCode() {
        let ok = verdict([finding(.chainValid)])
        #expect((ok.status, ok.exitCode) == (.accepted, 0))
        #expect(
            ok.summary == "OK: a client with this trust store accepts broker.test:8883 and accepts an MQTT CONNECT.")

        let warning = verdict([finding(.wrongOrder)])
        #expect((warning.status, warning.exitCode) == (.acceptedWithWarnings, 1))

        // An error clients live with (a certificate inside --crit-days): they connect; the exit code says how bad.
        let error = verdict([finding(.expiringSoon, .error)])
        #expect((error.status, error.exitCode) == (.acceptedWithWarnings, 2))
        #expect(error.summary == "ERROR: expiring_soon message")

        // Errors that refuse the client: the status says it cannot connect, whatever the severity.
        for id in [FindingID.clientCertificateRequired, .mqttConnectionRefused, .mqttNoConnAck, .notMQTT] {
            let refused = verdict([finding(.expiringSoon, .error), finding(id), finding(.weakTLSVersion)])
            #expect((refused.status, refused.exitCode) == (.rejected, 2), "\(id)")
            #expect(refused.summary == "REJECTED: a client cannot connect to broker.test:8883: \(id.rawValue) message")
        }

        let chain = verdict([finding(.missingIntermediate)], chainAccepted: false)
        #expect((chain.status, chain.exitCode) == (.rejected, 2))
        #expect(chain.summary.hasPrefix("REJECTED: a client with this trust store fails to verify broker.test:8883"))

        let port = verdict([finding(.plainMQTTListener)], chainAccepted: nil)
        #expect((port.status, port.exitCode) == (.rejected, 2))
        #expect(port.summary.hasPrefix("REJECTED: a client cannot connect to broker.test:8883"))

        let unknown = verdict([], chainAccepted: nil, couldNotRun: "refused")
        #expect((unknown.status, unknown.exitCode, unknown.worstSeverity) == (.unknown, 3, nil))
    }

    @Test func worstOfManyPutsErrorsBeforeUnknown() {
        let ok = verdict([]), warning = verdict([finding(.wrongOrder)])
        let error = verdict([finding(.expired)], chainAccepted: false)
        let unknown = verdict([], chainAccepted: nil, couldNotRun: "x")
        #expect(Verdict.worstExitCode([ok, warning, unknown, error]) == 2)
        #expect(Verdict.worstExitCode([ok, warning, unknown]) == 3)
        #expect(Verdict.worstExitCode([ok, warning]) == 1)
        #expect(Verdict.worstExitCode([ok]) == 0)
        #expect(Verdict.worstExitCode([]) == 0)
    }
}
