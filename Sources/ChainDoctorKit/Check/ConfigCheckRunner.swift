public import Brokers
public import ChainDiagnostics
public import ClientFamilies
import Findings
import FoundationSubstitutes
public import ProbeDiagnostics
public import Report

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// `check --config FILE`: a broker's configuration read for its TLS listeners, and each listener's files checked as
/// `check` checks a certfile: chain order and completeness against the listener's own CA file (or `--cafile`),
/// expiry, the key, the TLS versions it allows and its client-certificate settings. One report per listener, named
/// by the configuration's line; a line that cannot be read is a finding of its own, and the listeners that could be
/// read are still checked. The result is an audit of the listeners.
public struct ConfigCheckSettings: Sendable {
    public var path: String
    /// `--broker`; nil: told from the file's name and text.
    public var broker: Broker?
    /// The client's trust store (`--cafile`, `--capath`); nil: each listener's own CA file.
    public var caFile: String?
    public var caPath: String?
    public var identity: ServerIdentity?
    public var instant: Date?
    public var policy: ChainPolicy
    public var verdictBasis: VerdictBasis
    public var clientFamilies: [ClientFamily]

    public init(
        path: String, broker: Broker?, caFile: String?, caPath: String?, identity: ServerIdentity?, instant: Date?,
        policy: ChainPolicy, verdictBasis: VerdictBasis, clientFamilies: [ClientFamily]
    ) {
        self.path = path
        self.broker = broker
        self.caFile = caFile
        self.caPath = caPath
        self.identity = identity
        self.instant = instant
        self.policy = policy
        self.verdictBasis = verdictBasis
        self.clientFamilies = clientFamilies
    }
}

public struct ConfigCheckRunner: Sendable {
    public struct ConfigError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public var settings: ConfigCheckSettings
    public var clock: @Sendable () -> Date

    public init(settings: ConfigCheckSettings, clock: @escaping @Sendable () -> Date) {
        self.settings = settings
        self.clock = clock
    }

    /// The listeners' reports; throws (one line, exit 3) when the file cannot be read, its broker cannot be told, or
    /// no TLS listener could be read from it.
    public func run() throws -> AuditReport {
        let startedAt = clock()
        let text = try Self.readText(settings.path)
        let fileName = settings.path.lastPathComponent
        guard let broker = settings.broker ?? BrokerConfigParser.guessBroker(fileName: fileName, text: text) else {
            throw ConfigError(
                description: "\(settings.path): cannot tell which broker this configuration is for; give --broker")
        }
        guard var configuration = BrokerConfigParser.parse(text, broker: broker) else {
            throw ConfigError(
                description: "\(broker.dialect.name) is managed: it has no configuration file to check; probe it")
        }
        let folder = settings.path.deletingLastPathComponent
        var sources = configuration.listeners.map { (listener: $0, file: settings.path) }
        var problems = configuration.problems.map { (problem: $0, file: settings.path) }
        // mosquitto's include_dir: every .conf file in the folder, in name order, as mosquitto reads them.
        for include in configuration.includes {
            let directory = Self.resolve(include, against: folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.filter({ $0.hasSuffix(".conf") }).sorted() {
                let path = directory.appendingPathComponent(name)
                guard let included = try? Self.readText(path),
                    let parsed = BrokerConfigParser.parse(included, broker: broker)
                else {
                    problems.append((.init(line: 0, message: "include_dir file \(path) cannot be read"), path))
                    continue
                }
                sources += parsed.listeners.map { ($0, path) }
                problems += parsed.problems.map { ($0, path) }
            }
        }
        // ejabberd serves every TLS listener from its global certfiles list: the certificates, and the key in a
        // file of its own or beside them.
        let certfiles = configuration.globalCertificateFiles
        if broker == .ejabberd, let first = certfiles.first {
            for index in sources.indices {
                sources[index].listener.certfile = first
                sources[index].listener.keyfile = certfiles.first { $0.lowercased().includes("key") } ?? first
            }
        }
        configuration.listeners = sources.map(\.listener)
        guard !sources.isEmpty else {
            let why = problems.first.map { "; \($0.file.lastPathComponent) \($0.problem)" } ?? ""
            throw ConfigError(description: "\(settings.path): no TLS listener found\(why)")
        }
        var reports: [ProbeReport] = []
        if !problems.isEmpty {
            reports.append(problemsReport(problems, startedAt: startedAt))
        }
        for (listener, file) in sources {
            reports.append(check(listener, in: file, broker: broker))
        }
        return AuditReport(startedAt: startedAt, finishedAt: clock(), reports: reports, noun: "listener")
    }

    /// The lines that could not be read, as one report of their own.
    func problemsReport(
        _ problems: [(problem: BrokerConfiguration.Problem, file: String)], startedAt: Date
    )
        -> ProbeReport
    {
        var report = ProbeReport(
            kind: .check, toolVersion: Tool.version, startedAt: startedAt, finishedAt: clock(),
            checkedAt: settings.instant ?? startedAt, target: nil,
            files: .init(certfile: settings.path, keyfile: nil, intermediates: nil, listener: "\(settings.path)"),
            phases: [], tls: nil, trustStore: nil, chain: nil, openssl: nil, mqtt: nil, findings: [], probeError: nil)
        report.findings = problems.map { ConfigRules.unreadableLine(file: $0.file, $0.problem) }
        return report
    }

    func check(_ listener: BrokerConfiguration.TLSListener, in file: String, broker: Broker) -> ProbeReport {
        let folder = file.deletingLastPathComponent
        let label = "\(listener.name) (\(file.lastPathComponent):\(listener.line))"
        let dialect = broker.dialect
        var extracted: KeystoreExtraction?
        var certfile = listener.certfile.map { Self.resolve($0, against: folder) }
        var keyfile = listener.keyfile.map { Self.resolve($0, against: folder) }
        var setupFindings: [Finding] = []
        if let keystore = listener.keystore.map({ Self.resolve($0, against: folder) }) {
            do {
                let chain = try KeystoreExtraction(keystore: keystore, password: listener.keystorePassword)
                extracted = chain
                certfile = chain.certfile
                keyfile = chain.keyfile
            } catch {
                setupFindings.append(
                    ConfigRules.listenerProblem(
                        label, "its keystore \(keystore) cannot be read: \(error)", dialect: dialect))
            }
        }
        defer { extracted?.remove() }
        guard let certfile else {
            var report = emptyReport(label: label, certfile: file)
            report.findings =
                setupFindings.isEmpty
                ? [ConfigRules.listenerProblem(label, "it names no certificate file", dialect: dialect)] : setupFindings
            return report
        }
        let ownCA = listener.cafile.map { Self.resolve($0, against: folder) }
        var checkSettings = CheckSettings(
            certfile: certfile, keyfile: keyfile, caFile: settings.caFile ?? (settings.caPath == nil ? ownCA : nil),
            caPath: settings.caPath, identity: settings.identity, intermediates: nil, repairOutput: nil,
            instant: settings.instant, policy: settings.policy, verdictBasis: settings.verdictBasis)
        checkSettings.clientFamilies = settings.clientFamilies
        checkSettings.broker = broker
        var report = CheckRunner(settings: checkSettings, clock: clock).run()
        report.files?.listener = label
        // A file the broker cannot read stops it from starting: a finding about the listener, not "could not run".
        if let error = report.probeError, report.chain == nil {
            report.probeError = nil
            report.findings.append(
                ConfigRules.listenerProblem(label, "its files cannot be read: \(error)", dialect: dialect))
        }
        if extracted != nil { report.files?.certfile = listener.keystore ?? certfile }
        report.findings += setupFindings
        if keyfile == nil, listener.keystore == nil {
            report.findings.append(
                ConfigRules.listenerProblem(label, "it has a certificate file but no key file", dialect: dialect))
        }
        if broker == .ejabberd {
            // A certfiles entry holding the key beside the certificates is how ejabberd is configured.
            report.findings.removeAll { $0.id == .privateKeyInCertfile }
        }
        if listener.requiresClientCertificate, listener.cafile == nil, listener.truststore == nil {
            report.findings.append(
                ConfigRules.listenerProblem(
                    label, "it requires client certificates but names no CA file to check them against",
                    dialect: dialect))
        }
        report.findings += ConfigRules.versions(listener, label: label, dialect: dialect)
        report.findings = report.findings.sortedWorstFirst()
        return report
    }

    func emptyReport(label: String, certfile: String) -> ProbeReport {
        let now = clock()
        return ProbeReport(
            kind: .check, toolVersion: Tool.version, startedAt: now, finishedAt: now,
            checkedAt: settings.instant ?? now, target: nil,
            files: .init(certfile: certfile, keyfile: nil, intermediates: nil, listener: label), phases: [], tls: nil,
            trustStore: nil, chain: nil, openssl: nil, mqtt: nil, findings: [], probeError: nil)
    }

    static func resolve(_ path: String, against folder: String) -> String {
        path.hasPrefix("/") || folder.isEmpty ? path : folder.appendingPathComponent(path)
    }

    /// The file as text, through the same guards as every file the tool reads (no FIFO, bounded size).
    static func readText(_ path: String) throws -> String {
        let bytes = try TrustStoreLoader.readFile(path)
        return String(decoding: bytes, as: UTF8.self)
    }
}
