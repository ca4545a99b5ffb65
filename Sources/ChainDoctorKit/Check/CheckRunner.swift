public import Brokers
public import ChainDiagnostics
public import ClientFamilies
import Findings
public import ProbeDiagnostics
public import Report
import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// What `check` was asked to judge.
public struct CheckSettings: Sendable {
    public var certfile: String
    public var keyfile: String?
    public var caFile: String?
    public var caPath: String?
    public var identity: ServerIdentity?
    public var intermediates: String?
    public var repairOutput: String?
    /// `--force`: the repair may overwrite an existing regular file.
    public var overwrite = false
    public var instant: Date?
    public var policy: ChainPolicy
    /// `--verdict`: which verdict sets the status and the exit code.
    public var verdictBasis: VerdictBasis
    /// The broker the fixes speak to (`--broker`); nil: neutral fixes.
    public var broker: Broker?
    /// The client families judged (`--clients`).
    public var clientFamilies = ClientFamily.typicalFleet

    public init(
        certfile: String, keyfile: String?, caFile: String?, caPath: String?, identity: ServerIdentity?,
        intermediates: String?, repairOutput: String?, instant: Date?, policy: ChainPolicy,
        verdictBasis: VerdictBasis = .both
    ) {
        self.certfile = certfile
        self.keyfile = keyfile
        self.caFile = caFile
        self.caPath = caPath
        self.identity = identity
        self.intermediates = intermediates
        self.repairOutput = repairOutput
        self.instant = instant
        self.policy = policy
        self.verdictBasis = verdictBasis
    }
}

/// Reads the broker's files, judges the chain as `probe` judges a presented one, checks the key, and
/// writes the repaired chain when asked.
public struct CheckRunner {
    public var settings: CheckSettings
    /// The only place the wall clock is read.
    public var clock: () -> Date

    public init(settings: CheckSettings, clock: @escaping () -> Date) {
        self.settings = settings
        self.clock = clock
    }

    public func run() -> ProbeReport {
        var report = runSteps()
        BrokerPhrasing.apply(to: &report, broker: settings.broker, host: nil)
        return report
    }

    func runSteps() -> ProbeReport {
        let startedAt = clock()
        var report = ProbeReport(
            kind: .check, toolVersion: Tool.version, startedAt: startedAt, finishedAt: startedAt,
            checkedAt: settings.instant ?? startedAt, target: nil,
            files: .init(certfile: settings.certfile, keyfile: settings.keyfile, intermediates: settings.intermediates),
            identity: settings.identity?.description, phases: [], tls: nil, trustStore: nil, chain: nil, openssl: nil,
            mqtt: nil, findings: [], probeError: nil)
        defer { report.finishedAt = clock() }

        let contents: CertificateBundle.Contents
        let trust: TrustStoreLoader.Loaded
        let pool: [ChainCertificate]
        do {
            contents = try CertificateBundle.read(
                try TrustStoreLoader.readFile(settings.certfile), source: settings.certfile)
            trust = try TrustStoreLoader.load(caFile: settings.caFile, caPath: settings.caPath)
            pool = try settings.intermediates.map { try TrustStoreLoader.certificates(inDirectory: $0) } ?? []
        } catch {
            report.probeError = String(describing: error)
            return report
        }
        report.trustStore = trust.summary
        let presented = contents.certificates.map(\.der)

        let judgement = ChainJudge.judge(
            presentedChain: presented, trust: trust, identity: settings.identity, at: report.checkedAt,
            policy: settings.policy, intermediatePool: pool, basis: settings.verdictBasis)
        report.chain = judgement.chain
        report.openssl = judgement.openssl
        report.strict = judgement.strict
        report.verdictBasis = settings.verdictBasis
        report.policy = settings.policy
        report.findings = judgement.findings
        report.phases.append(
            .init(
                name: "verify", status: judgement.opensslError == nil ? .ok : .failed,
                error: judgement.opensslError))
        ChainJudge.judgeClients(
            settings.clientFamilies, presentedChain: presented, judgement: judgement, identity: settings.identity,
            at: report.checkedAt, policy: settings.policy, acceptedVersions: nil, into: &report)
        report.findings += FileRules.privateKeys(in: settings.certfile, lines: contents.privateKeyLines)
        if let keyfile = settings.keyfile, let leaf = presented.first {
            do {
                let keyBytes = try TrustStoreLoader.readFile(keyfile)
                report.findings += FileRules.key(
                    PrivateKeyCheck.check(keyFile: keyBytes, certificateDER: leaf), keyfile: keyfile,
                    certfile: settings.certfile)
            } catch {
                report.findings += FileRules.key(
                    .unreadable(String(describing: error)), keyfile: keyfile,
                    certfile: settings.certfile)
            }
        }
        if let output = settings.repairOutput {
            report.repair = ChainRepair.write(
                judgement.chain, to: OutputFile(path: output, overwrite: settings.overwrite), trust: trust,
                identity: settings.identity,
                at: report.checkedAt)
        }
        report.findings = report.findings.sortedWorstFirst()
        return report
    }
}
