import ChainDoctorKit
import Findings
import Foundation
import MQTTCodec
import Report
import TLSProbe
import TestSupport
import Testing

/// The probe's phases without a broker: a recorded handshake (a TestChains chain), an in-memory MQTT broker, a
/// recorded survey. The same phases run against mosquitto and openssl s_server in EndToEndTests.
@Suite(.timeLimit(.minutes(10))) struct ProbeRunnerTests {
    func settings(_ scenario: String = "healthy", quick: Bool = true) -> ProbeSettings {
        var settings = ProbeSettings(target: ProbeTarget(host: "127.0.0.1", port: 8883))
        settings.serverName = "broker.test"
        settings.caFile = TestPaths.scenarioFile(scenario, "client-ca.crt")
        settings.instant = TestChainsFiles.clock
        settings.quick = quick
        settings.timeoutSeconds = 1
        return settings
    }

    func run(_ settings: ProbeSettings, _ network: RecordedNetwork) -> ProbeReport {
        ProbeRunner(settings: settings, clock: { TestChainsFiles.clock }, network: network).run()
    }

    @Test func healthyChainThenConnAck() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("healthy"),
                broker: { ScriptedBroker(connectAnswer: .v3(.accepted)).channel() }))
        let report = run(settings(), network)
        #expect(report.findings.map(\.id) == [.chainValid])
        #expect(report.verdict.status == .accepted)
        #expect(report.verdict.exitCode == 0)
        #expect(report.phases.map(\.name) == ["tcp", "tls", "verify", "mqtt"])
        #expect(report.phases.allSatisfy { $0.status == .ok })
        #expect(report.mqtt?.status == .accepted)
        #expect(report.openssl?.isValid == true)
        #expect(report.tls?.version == .tls1_3)
        #expect(network.surveys == 0, "--quick runs no survey")
    }

    @Test func brokenChainWithholdsMQTTAndCredentials() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("leaf-only"),
                broker: { ScriptedBroker(connectAnswer: .v3(.accepted)).channel() }))
        var settings = settings("leaf-only")
        settings.credentials = MQTTCredentials(username: "probe", password: Array("secret".utf8))
        let report = run(settings, network)
        #expect(report.findings.map(\.id) == [.missingIntermediate, .mqttWithheld])
        #expect(report.verdict.status == .rejected)
        #expect(report.mqtt?.status == .withheld)
        #expect(network.firstChannel?.written.isEmpty == true, "nothing may be sent over a chain that failed")
        #expect(report.openssl?.code == 20)
    }

    @Test func insecureSendsConnectButNotCredentials() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("leaf-only"),
                broker: { ScriptedBroker(connectAnswer: .v3(.accepted)).channel() }))
        var settings = settings("leaf-only")
        settings.insecure = true
        settings.credentials = MQTTCredentials(username: "probe", password: Array("secret".utf8))
        let report = run(settings, network)
        #expect(report.mqtt?.status == .accepted)
        #expect(report.mqtt?.credentialsSent == false)
        #expect(report.findings.map(\.id) == [.missingIntermediate, .mqttCredentialsWithheld])
        let written = network.firstChannel?.written ?? []
        #expect(!written.isEmpty)
        #expect(String(decoding: written, as: UTF8.self).contains("secret") == false)
    }

    @Test func autoFallsBackToMQTT311OnAFreshConnection() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("healthy"),
                broker: { ScriptedBroker(connectAnswer: .bytes([0x20, 0x02, 0x00, 0x01])).channel() }))
        var settings = settings()
        settings.mqttVersion = nil
        let report = run(settings, network)
        #expect(network.handshakes == 2)
        #expect(report.mqtt?.protocolVersion == "3.1.1")
        #expect(report.mqtt?.reason.hasPrefix("MQTT 5 refused (") == true)
    }

    @Test func surveyFindingsJoinTheReport() throws {
        let network = RecordedNetwork(
            .succeeds(
                try RecordedNetwork.observation("healthy"),
                broker: { ScriptedBroker(connectAnswer: .v3(.accepted)).channel() }),
            survey: [
                .init(version: .tls1_0, accepted: false, cipher: nil, error: "alert protocol version"),
                .init(version: .tls1_1, accepted: true, cipher: "ECDHE-RSA-AES256-SHA", error: nil),
                .init(version: .tls1_2, accepted: true, cipher: "ECDHE-RSA-AES256-GCM-SHA384", error: nil),
                .init(version: .tls1_3, accepted: true, cipher: "TLS_AES_256_GCM_SHA384", error: nil),
            ])
        let report = run(settings(quick: false), network)
        #expect(network.surveys == 1)
        #expect(report.findings.map(\.id) == [.weakTLSVersion, .chainValid])
        #expect(report.verdict.exitCode == 1)
        // The handshake without SNI presents the same leaf.
        #expect(report.tls?.certificateDiffersWithoutSNI == false)
    }

    @Test func unreachableIsUnknown() {
        let network = RecordedNetwork(.fails(.connectionFailed(address: "127.0.0.1:8883", reason: "refused")))
        let report = run(settings(), network)
        #expect(report.verdict.status == .unknown)
        #expect(report.verdict.exitCode == 3)
        #expect(report.probeError == "127.0.0.1:8883: cannot connect to 127.0.0.1:8883: refused")
        #expect(report.phases.map(\.name) == ["tcp"])
    }

    @Test func silentPortIsUnknownWithoutAPlainQuestion() {
        let network = RecordedNetwork(.fails(.timedOut(phase: .tls, seconds: 1)))
        let report = run(settings(), network)
        #expect(report.verdict.exitCode == 3)
        #expect(report.probeError?.hasSuffix("the port accepts TCP but never answers a TLS ClientHello") == true)
        #expect(network.plainQuestions == 0)
    }

    @Test func unreadableTrustStoreStopsBeforeTheNetwork() {
        let network = RecordedNetwork(.fails(.timedOut(phase: .tls, seconds: 1)))
        var settings = settings()
        settings.caFile = "/nonexistent/ca.crt"
        let report = run(settings, network)
        #expect(report.verdict.exitCode == 3)
        #expect(network.handshakes == 0)
    }
}
