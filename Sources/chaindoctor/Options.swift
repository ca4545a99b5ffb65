public import ArgumentParser
import Brokers
import ChainDiagnostics
import ClientFamilies
public import ProbeDiagnostics
public import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The trust store a client is configured with; shared by `probe` and `check`.
struct TrustStoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "PEM file of CA certificates the client trusts (as mosquitto_sub --cafile).", valueName: "file"))
    var cafile: String?

    @Option(
        help: ArgumentHelp(
            "Directory of hashed CA certificates the client trusts (as mosquitto_sub --capath).", valueName: "dir"))
    var capath: String?

    func validate() throws {
        if cafile != nil && capath != nil {
            throw ValidationError("give --cafile or --capath, not both")
        }
    }
}

/// When and how strictly certificates are judged; shared by `probe` and `check`.
struct JudgementOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Judge validity as of this moment instead of now (ISO 8601: 2027-01-01 or 2027-01-01T12:00:00Z), as openssl verify -attime.",
            valueName: "date"))
    var at: String?

    @Option(
        help: ArgumentHelp(
            "Which verdict sets the status and exit code: openssl (OpenSSL clients: mosquitto, paho), strict (RFC 5280 and Web PKI, as Go, Java, rustls), or both (the worse; the default).",
            valueName: "verdict"))
    var verdict: VerdictBasis?

    @Option(
        help: ArgumentHelp(
            "Client families to judge the chain for, comma-separated: openssl, go, java, mbedtls (ESP32, ESP-IDF 4.x), bearssl (ESP8266 Arduino), wolfssl, or all. The exit code is the worst over them. Default: openssl,go,java,mbedtls (openssl alone with --verdict openssl).",
            valueName: "list"))
    var clients: String?

    @Option(
        help: ArgumentHelp(
            "The broker whose settings the fixes name: mosquitto, rabbitmq, emqx4, emqx5, hivemq, nanomq, vernemq, ejabberd, aws-iot, azure-iot, hivemq-cloud. Without it, the broker is inferred where the evidence names one, else fixes list each broker's setting.",
            valueName: "name"))
    var broker: Broker?

    @Option(
        help: ArgumentHelp(
            "Warn when a certificate on the path expires within this many days (default: 30).", valueName: "days"))
    var warnDays: Int?

    @Option(
        help: ArgumentHelp(
            "An error when a certificate on the path expires within this many days (default: 7).", valueName: "days"))
    var critDays: Int?

    func validate() throws {
        if let clients, case .failure(let error) = ClientFamily.parseList(clients) {
            throw ValidationError("--clients: \(error)")
        }
        if let at, Self.parse(at) == nil {
            throw ValidationError("--at '\(at)' is not an ISO 8601 date (2027-01-01 or 2027-01-01T12:00:00Z)")
        }
        guard policy.warnDays >= 0, policy.critDays >= 0, policy.critDays <= policy.warnDays else {
            throw ValidationError("--crit-days and --warn-days must be 0 or more, --crit-days at most --warn-days")
        }
    }

    /// The defaults are ChainPolicy's (30 and 7 days) and VerdictBasis.both, as the help says; see ProbeOptions for
    /// why these options declare none.
    var policy: ChainPolicy {
        var policy = ChainPolicy()
        if let warnDays { policy.warnDays = warnDays }
        if let critDays { policy.critDays = critDays }
        return policy
    }

    var verdictBasis: VerdictBasis { verdict ?? .both }

    /// The families `--clients` names (validated already).
    var clientFamilies: [ClientFamily] {
        if let clients, let families = try? ClientFamily.parseList(clients).get() { return families }
        return verdictBasis == .openssl ? [.openssl] : ClientFamily.typicalFleet
    }

    /// The instant to judge at: `--at`, else what the clock says.
    func instant(clock: () -> Date) -> Date {
        at.flatMap(Self.parse) ?? clock()
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }
}

/// How the report is written; shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How to write the report: text (for a person), html (a page to hand over), json (versioned, see the README), jsonl (each probe's JSON document on one line; audit writes each as it ends), prometheus (the text exposition format, for node_exporter's textfile collector) or nagios (plugin output: status line, findings, performance data).",
            valueName: "format"))
    var format: OutputFormat?

    @Flag(help: "Print the report as JSON: the same as --format json.")
    var json = false

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) contradict each other")
        }
    }

    /// The format asked for: --json is --format json.
    var resolved: OutputFormat { json ? .json : format ?? .text }
}

/// The enums the options take, by their raw values. The parser's own defaults for a `CaseIterable` `RawRepresentable`
/// type say the same through key paths and generic string interpolation, whose first use costs the Swift runtime
/// a scan of every conformance record per type: 1.7 million instructions of every run, for three words.
public protocol RawValueArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension RawValueArgument {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}

extension OutputFormat: RawValueArgument {}
extension VerdictBasis: RawValueArgument {}
extension Broker: RawValueArgument {}
