import ChainDiagnostics
import Findings
import MQTTCodec
import ProbeDiagnostics
public import Report
import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Runs the phases of a probe in order (tcp+tls, the TLS surface, verify, mqtt, the version survey) and assembles
/// the report. Each phase that fails is recorded with its reason. A handshake that fails in a way that says
/// something (an alert, a port that speaks plain MQTT or HTTP) becomes findings; one that says nothing (refused,
/// silent) makes the verdict "unknown".
public struct ProbeRunner: Sendable {
    public var settings: ProbeSettings
    /// The only place the wall clock is read; the analyzer and OpenSSL get this value.
    public var clock: @Sendable () -> Date
    /// A trust store already loaded (an audit loads it once for all its brokers); nil loads it from the settings.
    public var trust: TrustStoreLoader.Loaded?
    /// Where handshakes and plain-text questions go: the real network, or a recording in tests.
    public var network: any ProbeNetwork
    /// Chains already judged by this audit (nil for a single probe).
    var judgements: JudgementCache?

    /// How long to wait, after the handshake, for a broker's verdict on the client certificate (TLS 1.3 sends
    /// it after the handshake, RFC 8446 §4.4.2.4).
    static let clientCertificateVerdictSeconds = 0.5

    /// With --mqtt-version auto, how long an MQTT 5 CONNECT may go unanswered before 3.1.1 is tried.
    static let mqtt5AnswerSeconds = 2.0

    public init(
        settings: ProbeSettings, clock: @escaping @Sendable () -> Date, trust: TrustStoreLoader.Loaded? = nil,
        network: any ProbeNetwork = OpenSSLNetwork()
    ) {
        self.settings = settings
        self.clock = clock
        self.trust = trust
        self.network = network
    }

    /// Runs every phase within one deadline: `--timeout` bounds the whole probe, and each step gets what is left.
    public func run() -> ProbeReport {
        var runner = self
        runner.settings.deadline = Deadline(secondsFromNow: settings.timeoutSeconds)
        var report = runner.runPhases()
        BrokerPhrasing.apply(to: &report, broker: settings.broker, host: settings.target.host)
        return report
    }

    func runPhases() -> ProbeReport {
        let startedAt = clock()
        var report = ProbeReport(
            toolVersion: Tool.version, startedAt: startedAt, finishedAt: startedAt,
            checkedAt: settings.instant ?? startedAt,
            target: .init(
                host: settings.target.host, port: Int(settings.target.port), address: nil,
                serverName: settings.effectiveServerName, webSocketPath: webSocketPath),
            identity: settings.identity.description,
            phases: [], tls: nil, trustStore: nil, chain: nil, openssl: nil, mqtt: nil, findings: [], probeError: nil)
        defer { report.finishedAt = clock() }

        let trust: TrustStoreLoader.Loaded
        do {
            trust = try self.trust ?? TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
            report.trustStore = trust.summary
        } catch {
            report.probeError = String(describing: error)
            return report
        }

        let session: any TLSSession
        do {
            session = try network.handshake(host: settings.target.host, port: settings.target.port, options: tlsOptions)
        } catch {
            handshakeFailed(error, trust: trust, into: &report)
            return report
        }
        defer { session.close() }
        let observation = session.observation
        report.target?.address = observation.connectedAddress
        report.phases.append(.init(name: "tcp", status: .ok, durationMs: observation.tcpMilliseconds))
        report.phases.append(.init(name: "tls", status: .ok, durationMs: observation.handshakeMilliseconds))

        var tls = surface(of: observation)
        awaitClientCertificateVerdict(on: session, into: &tls)
        let judgement = verify(observation.presentedChain, trust: trust, into: &report)
        let mqtt = mqttPhase(over: session, judgement: judgement, tls: tls, into: &report)
        report.mqtt = mqtt
        report.findings += MQTTRules.findings(mqtt)

        // The survey runs once this connection is closed, so a server that serves one client at a time
        // (openssl s_server, small embedded brokers) answers it too.
        session.close()
        if !settings.quick, settings.stepSeconds > 0.05 { survey(into: &tls, observation: observation) }
        report.tls = tls
        report.findings += TLSSurfaceRules.findings(tls, client: clientSide)
        ChainJudge.judgeClients(
            settings.clientFamilies, presentedChain: observation.presentedChain, judgement: judgement,
            identity: settings.identity, at: report.checkedAt, policy: settings.policy,
            acceptedVersions: tls.versions?.filter(\.accepted).map(\.version), cache: judgements,
            basis: settings.verdictBasis, into: &report)
        report.findings = report.findings.sortedWorstFirst()
        return report
    }

    /// Judge after capturing: ours, then OpenSSL's, at the same instant and against the same trust store.
    func verify(
        _ presentedChain: [[UInt8]], trust: TrustStoreLoader.Loaded, into report: inout ProbeReport
    )
        -> ChainJudge.Judgement
    {
        let watch = Stopwatch()
        let checkedAt = report.checkedAt
        let judge = {
            ChainJudge.judge(
                presentedChain: presentedChain, trust: trust, identity: settings.identity, at: checkedAt,
                policy: settings.policy, basis: settings.verdictBasis)
        }
        let judgement =
            judgements.map { cache in
                cache.judgement(
                    for: JudgementCache.key(
                        presentedChain: presentedChain, identity: settings.identity, at: checkedAt,
                        policy: settings.policy, basis: settings.verdictBasis), judge: judge)
            } ?? judge()
        report.chain = judgement.chain
        report.openssl = judgement.openssl
        report.strict = judgement.strict
        report.verdictBasis = settings.verdictBasis
        report.policy = settings.policy
        report.findings += judgement.findings
        report.phases.append(
            .init(
                name: "verify", status: judgement.opensslError == nil ? .ok : .failed, error: judgement.opensslError,
                durationMs: watch.elapsedMilliseconds))
        return judgement
    }

    /// The request path of a wss:// target.
    var webSocketPath: String? {
        guard case .websocket(let path) = settings.target.transport else { return nil }
        return path
    }

    var tlsOptions: TLSClientOptions {
        TLSClientOptions(
            serverName: settings.effectiveServerName, timeoutSeconds: settings.stepSeconds,
            versions: settings.tlsVersions, alpn: settings.alpn, clientCertificate: settings.clientCertificate,
            requestOCSPStaple: true, ciphers: settings.ciphers)
    }

    /// The version survey offers every version on its own and no ALPN, so that a refused ALPN value or a
    /// narrow --tls-version does not hide which versions the broker accepts.
    var surveyOptions: TLSClientOptions {
        var options = tlsOptions
        options.versions = nil
        options.alpn = []
        options.ciphers = nil
        return options
    }
}
