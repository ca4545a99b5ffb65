import ChainDiagnostics
import Findings
import MQTTCodec
import ProbeDiagnostics
import TLSProbe
import Testing

/// The MQTT step's outcome, the broker's files and the two verdicts, judged without a network.
@Suite(.timeLimit(.minutes(10))) struct MQTTRulesTests {
    @Test func refusedConnAckNamesItsCodeAndFix() throws {
        var outcome = MQTTOutcome(protocolVersion: "3.1.1", status: .failed, reason: "")
        MQTTAdvice.describe(
            ConnAckPacket(sessionPresent: false, returnCode: .notAuthorized), version: .v3_1_1, hadCredentials: false,
            into: &outcome)
        #expect(outcome.status == .refused)
        let finding = try #require(MQTTRules.findings(outcome).first)
        #expect(finding.id == .mqttConnectionRefused)
        #expect(finding.evidence == "CONNACK return code 5; no credentials were sent")
        #expect(finding.fix.contains("allow_anonymous false"))
    }

    /// Silence is not proof of another protocol: a broker slower than what --timeout left gives none either.
    @Test func silenceToAnMQTT311ConnectIsNoConnAck() {
        let silent = MQTTOutcome(protocolVersion: "3.1.1", status: .timeout, reason: "no answer")
        #expect(MQTTRules.findings(silent).map(\.id) == [.mqttNoConnAck])
        #expect(MQTTRules.findings(silent).first?.fix.contains("longer --timeout") == true)
        // MQTT 5 may simply be ignored by a 3.1.1 broker: that is no proof of a non-MQTT service.
        let silent5 = MQTTOutcome(protocolVersion: "5", status: .timeout, reason: "no answer")
        #expect(MQTTRules.findings(silent5).map(\.id) == [.mqttNoConnAck])
    }

    @Test func pubsubFindings() {
        var outcome = MQTTOutcome(protocolVersion: "3.1.1", status: .accepted, reason: "ok")
        outcome.pubsub = .init(
            topic: "t", subscribed: false, subscribeResult: "0x80 failure", published: true,
            publishResult: "PUBACK received", received: false, roundTripMs: nil)
        #expect(MQTTRules.findings(outcome).map(\.id) == [.mqttSubscribeRefused])
        outcome.pubsub?.subscribed = true
        #expect(MQTTRules.findings(outcome).map(\.id) == [.mqttPublishNotDelivered])
        outcome.pubsub?.received = true
        #expect(MQTTRules.findings(outcome).isEmpty)
    }

    @Test func withheldCredentialsAreSaid() {
        var outcome = MQTTOutcome(protocolVersion: "3.1.1", status: .withheld, reason: "not attempted")
        outcome.credentialsWithheld = "the certificate chain failed verification"
        #expect(MQTTRules.findings(outcome).map(\.id) == [.mqttCredentialsWithheld, .mqttWithheld])
    }

    @Test func keyFileOutcomes() {
        #expect(FileRules.key(.matches(description: "RSA 2048 bits"), keyfile: "k", certfile: "c").isEmpty)
        #expect(FileRules.key(.mismatch(description: "EC"), keyfile: "k", certfile: "c").map(\.severity) == [.critical])
        #expect(FileRules.key(.encrypted, keyfile: "k", certfile: "c").map(\.severity) == [.error])
        #expect(FileRules.key(.unreadable("junk"), keyfile: "k", certfile: "c").map(\.id) == [.keyUnreadable])
        #expect(FileRules.privateKeys(in: "c", lines: []).isEmpty)
        #expect(FileRules.privateKeys(in: "c", lines: [3, 40]).first?.evidence.contains("line 3, 40") == true)
    }

    @Test func everyIDHasADefaultSeverityAndASummary() {
        for id in FindingID.allCases {
            #expect(!id.summary.isEmpty)
            #expect(Finding(id: id, message: "", evidence: "", fix: "").severity == id.defaultSeverity)
        }
        #expect(FindingID.chainValid.defaultSeverity == .ok)
        #expect(FindingID.expiringSoon.defaultSeverity == .warning)
    }
}
