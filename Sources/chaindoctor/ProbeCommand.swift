import ArgumentParser
import ChainDiagnostics
import Foundation
import MQTTCodec
import Report
import TLSProbe

/// `chaindoctor probe HOST[:PORT]`: one handshake, the chain judged against the client's trust store,
/// OpenSSL's verdict beside ours, and an MQTT CONNECT/CONNACK over the same channel.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe an MQTT broker over TLS and diagnose its certificate chain.",
        discussion: """
            Connects to HOST[:PORT] (default port 8883; IPv6 literals in brackets: [::1]:8883), captures the \
            certificate chain exactly as the broker presents it, judges it against the trust store the client \
            uses (--cafile, --capath, or the system store), compares the verdict with OpenSSL's, surveys the TLS \
            versions, client-certificate, SNI and ALPN behaviour, and, when the chain verifies (or with \
            --insecure), sends an MQTT CONNECT and explains the CONNACK. Credentials (--username) go only over \
            a verified chain unless --send-credentials-insecurely says otherwise.
            """
    )

    @Argument(help: ArgumentHelp(
        "The broker: HOST, HOST:PORT, [IPv6]:PORT, mqtts://HOST:PORT, or wss://HOST:PORT/PATH for MQTT over WebSockets.",
        valueName: "host[:port]"))
    var target: String

    @Option(help: ArgumentHelp("SNI name to send and name to check the certificate against (default: the host when it is a name).", valueName: "name"))
    var servername: String?

    @OptionGroup var probe: ProbeOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard ProbeTarget(parsing: target) != nil else {
            throw ValidationError("'\(target)' is not HOST, HOST:PORT, [IPv6]:PORT, mqtts://HOST:PORT or wss://HOST:PORT/PATH")
        }
    }

    func run() throws {
        guard let parsed = ProbeTarget(parsing: target) else { throw ExitCode(3) }
        let settings = try probe.settings(for: parsed, serverName: servername, credentials: try probe.credentials())
        let report = ProbeRunner(settings: settings, clock: { Date() }).run()
        ReportOutput.emit(report, json: output.json)
        throw ExitCode(report.verdict.exitCode)
    }
}

/// Everything a probe can be told, apart from where to go: shared by `probe` (one broker) and `audit` (many).
struct ProbeOptions: ParsableArguments {
    @OptionGroup var trustStore: TrustStoreOptions

    @Option(help: ArgumentHelp("Seconds allowed for each of connect, handshake and the MQTT step.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(help: ArgumentHelp(
        "TLS versions the client offers, as mosquitto_sub --tls-version: tlsv1.2, or a range 1.2-1.3 (default: OpenSSL's, TLS 1.2 and 1.3).",
        valueName: "version"))
    var tlsVersion: String?

    @Option(help: ArgumentHelp("Client certificate (PEM, with its intermediates) to present, for brokers that require one.", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key of --cert (PEM, unencrypted).", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("ALPN protocols to offer, comma-separated (e.g. mqtt, x-amzn-mqtt-ca).", valueName: "list"))
    var alpn: String?

    @Flag(help: "Send no SNI, as an old client does.")
    var noSni = false

    @Flag(help: "One handshake only: skip the per-version survey and the comparison without SNI.")
    var quick = false

    @Option(help: ArgumentHelp("MQTT version of the CONNECT: 3.1.1 (default, as mosquitto_sub), 5, 3.1, or auto (5, then 3.1.1).", valueName: "version"))
    var mqttVersion: String = "3.1.1"

    @Option(help: ArgumentHelp("Client identifier (default: chaindoctor- and a random suffix).", valueName: "id"))
    var clientId: String?

    @Option(help: ArgumentHelp("Keep-alive seconds announced in CONNECT.", valueName: "seconds"))
    var keepalive: UInt16 = 30

    @Option(help: ArgumentHelp("User name for CONNECT. The password comes from --password-file, CHAINDOCTOR_PASSWORD, or a prompt on a terminal.", valueName: "name"))
    var username: String?

    @Option(help: ArgumentHelp("File whose first line is the password (never give a password on the command line).", valueName: "file"))
    var passwordFile: String?

    @Option(help: .hidden)
    var password: String?

    @Flag(help: "Send the user name and password even when the chain failed verification (implies --insecure).")
    var sendCredentialsInsecurely = false

    @Option(help: ArgumentHelp("After CONNACK, subscribe to TOPIC, publish a probe message there at QoS 1 and time its return.", valueName: "topic"))
    var pubsub: String?

    @Flag(help: "Skip the MQTT CONNECT/CONNACK step.")
    var noMqtt = false

    @Flag(help: "Run the MQTT step even when the chain fails verification (without credentials).")
    var insecure = false

    @OptionGroup var judgement: JudgementOptions

    func validate() throws {
        if let tlsVersion, Self.versions(tlsVersion) == nil {
            throw ValidationError("--tls-version '\(tlsVersion)' is not tlsv1, tlsv1.1, tlsv1.2, tlsv1.3 or a range such as 1.2-1.3")
        }
        if password != nil {
            throw ValidationError("a password on the command line shows in the process list: use --password-file FILE, "
                + "the environment variable CHAINDOCTOR_PASSWORD, or the prompt")
        }
        if Self.mqttVersionChoice(mqttVersion) == nil {
            throw ValidationError("--mqtt-version '\(mqttVersion)' is not 5, 3.1.1, 3.1 or auto")
        }
        if passwordFile != nil && username == nil {
            throw ValidationError("--password-file needs --username")
        }
        if (cert == nil) != (key == nil) {
            throw ValidationError("--cert and --key go together")
        }
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds")
        }
    }

    /// "5", "3.1.1", "3.1" → that version; "auto" → .some(nil), meaning MQTT 5 then 3.1.1.
    static func mqttVersionChoice(_ text: String) -> MQTTProtocolVersion?? {
        switch text.lowercased().replacingOccurrences(of: "mqttv", with: "") {
        case "5", "5.0", "50": .some(.v5)
        case "3.1.1", "311": .some(.v3_1_1)
        case "3.1", "31": .some(.v3_1)
        case "auto": .some(nil)
        default: nil
        }
    }

    /// "tlsv1.2" → 1.2...1.2; "1.2-1.3" → 1.2...1.3.
    static func versions(_ text: String) -> ClosedRange<TLSProtocolVersion>? {
        let parts = text.split(separator: "-").map(String.init)
        guard (1...2).contains(parts.count), let low = TLSProtocolVersion(userText: parts[0]),
              let high = TLSProtocolVersion(userText: parts.last ?? ""), low <= high
        else { return nil }
        return low...high
    }

    /// The user name and password, read once (the prompt is asked once, however many brokers are probed).
    func credentials() throws -> MQTTCredentials? {
        try username.map { MQTTCredentials(username: $0, password: try PasswordSource.read(file: passwordFile)) }
    }

    func settings(for target: ProbeTarget, serverName: String?, credentials: MQTTCredentials?) throws -> ProbeSettings {
        ProbeSettings(
            target: target, serverName: serverName, caFile: trustStore.cafile, caPath: trustStore.capath,
            timeoutSeconds: timeout, runMQTT: !noMqtt, insecure: insecure,
            instant: judgement.at.flatMap(JudgementOptions.parse), policy: judgement.policy,
            tlsVersions: tlsVersion.flatMap(Self.versions),
            alpn: alpn.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? [],
            clientCertificate: cert.flatMap { cert in key.map { ClientCertificate(certificateFile: cert, keyFile: $0) } },
            noSNI: noSni, quick: quick,
            mqttVersion: Self.mqttVersionChoice(mqttVersion) ?? .some(.v3_1_1),
            clientIdentifier: clientId ?? "chaindoctor-" + String(UInt64.random(in: 0..<(1 << 40)), radix: 36),
            keepAliveSeconds: keepalive, credentials: credentials,
            sendCredentialsInsecurely: sendCredentialsInsecurely, pubsubTopic: pubsub)
    }
}

/// Writes a report: JSON to stdout; text to stdout, except that a probe which could not run prints its
/// one-line reason to stderr.
enum ReportOutput {
    static func emit(_ report: ProbeReport, json: Bool) {
        if json {
            let text = (try? JSONReport.render(report))
                ?? #"{"schemaVersion":\#(JSONReport.schemaVersion),"error":"cannot encode report"}"#
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
            return
        }
        if let error = report.probeError, report.chain == nil {
            FileHandle.standardError.write(Data("chaindoctor: \(error)\n".utf8))
            return
        }
        FileHandle.standardOutput.write(Data(TextReport(useColor: useColor).render(report).utf8))
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var useColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
