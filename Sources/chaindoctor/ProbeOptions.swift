import ArgumentParser
import ChainDoctorKit
import FoundationSubstitutes
import MQTTCodec
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything a probe can be told, apart from where to go: shared by `probe` (one broker) and `audit` (many).
///
/// Options with a default are optional here, their default stated in the help and kept by `ProbeSettings` and
/// `ChainPolicy`: swift-argument-parser describes every declared default value on every parse (help or not), and
/// for a number that costs a scan of the binary's 5,600 protocol conformance records per type and protocol asked
/// (CaseIterable, TextOutputStreamable, CustomStringConvertible), 2 million instructions of a quick probe's 64.
struct ProbeOptions: ParsableArguments {
    @OptionGroup var trustStore: TrustStoreOptions

    @Option(
        help: ArgumentHelp(
            "Seconds the whole probe may take: every step (connect, handshake, MQTT, the version survey) gets what is left (default: 10).",
            valueName: "seconds"))
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "The lowest TLS version the client offers, as mosquitto_sub --tls-version (tlsv1.2 offers TLS 1.2 and 1.3), or an exact range such as 1.2-1.2 (default: OpenSSL's, TLS 1.2 and 1.3).",
            valueName: "version"))
    var tlsVersion: String?

    @Option(
        help: ArgumentHelp(
            "TLS 1.2 cipher list, as mosquitto_sub --ciphers (an OpenSSL cipher string; @SECLEVEL=0 in it lets OpenSSL 3 offer TLS 1.0 and 1.1 at all).",
            valueName: "list"))
    var ciphers: String?

    @Option(
        help: ArgumentHelp(
            "Client certificate (PEM, with its intermediates) to present, for brokers that require one.",
            valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key of --cert (PEM, unencrypted).", valueName: "file"))
    var key: String?

    @Option(
        help: ArgumentHelp("ALPN protocols to offer, comma-separated (e.g. mqtt, x-amzn-mqtt-ca).", valueName: "list"))
    var alpn: String?

    @Flag(help: "Send no SNI, as an old client does.")
    var noSni = false

    @Flag(help: "One handshake only: skip the per-version survey and the comparison without SNI.")
    var quick = false

    @Flag(
        help:
            "Probe every address (A and AAAA) the name resolves to, with the same SNI name, and report where the nodes disagree."
    )
    var allAddresses = false

    @Option(
        help: ArgumentHelp(
            "MQTT version of the CONNECT: 3.1.1 (default, as mosquitto_sub), 5, 3.1, or auto (5, then 3.1.1).",
            valueName: "version"))
    var mqttVersion: String?

    @Option(help: ArgumentHelp("Client identifier (default: chaindoctor- and a random suffix).", valueName: "id"))
    var clientId: String?

    @Option(help: ArgumentHelp("Keep-alive seconds announced in CONNECT (default: 30).", valueName: "seconds"))
    var keepalive: UInt16?

    @Option(
        help: ArgumentHelp(
            "User name for CONNECT. The password comes from --password-file, CHAINDOCTOR_PASSWORD, or a prompt on a terminal.",
            valueName: "name"))
    var username: String?

    @Option(
        help: ArgumentHelp(
            "File whose first line is the password (never give a password on the command line).", valueName: "file"))
    var passwordFile: String?

    @Option(help: .hidden)
    var password: String?

    @Flag(help: "Send the user name and password even when the chain failed verification (implies --insecure).")
    var sendCredentialsInsecurely = false

    @Option(
        help: ArgumentHelp(
            "After CONNACK, subscribe to TOPIC, publish a probe message there at QoS 1 and time its return.",
            valueName: "topic"))
    var pubsub: String?

    @Flag(help: "Skip the MQTT CONNECT/CONNACK step.")
    var noMqtt = false

    @Flag(help: "Run the MQTT step even when the chain fails verification (without credentials).")
    var insecure = false

    @OptionGroup var judgement: JudgementOptions

    func validate() throws {
        if let tlsVersion, Self.versions(tlsVersion) == nil {
            throw ValidationError(
                "--tls-version '\(tlsVersion)' is not tlsv1, tlsv1.1, tlsv1.2, tlsv1.3 or a range such as 1.2-1.3")
        }
        if password != nil {
            throw ValidationError(
                "a password on the command line shows in the process list: use --password-file FILE, "
                    + "the environment variable CHAINDOCTOR_PASSWORD, or the prompt")
        }
        if let pubsub, pubsub.isEmpty || pubsub.contains("+") || pubsub.contains("#") || pubsub.utf8.count > 65_535 {
            throw ValidationError(
                "--pubsub '\(pubsub)' must be a topic name without + or # (the probe publishes to it and subscribes to "
                    + "it), 1 to 65535 bytes")
        }
        if let mqttVersion, Self.mqttVersionChoice(mqttVersion) == nil {
            throw ValidationError("--mqtt-version '\(mqttVersion)' is not 5, 3.1.1, 3.1 or auto")
        }
        if passwordFile != nil && username == nil {
            throw ValidationError("--password-file needs --username")
        }
        if (cert == nil) != (key == nil) {
            throw ValidationError("--cert and --key go together")
        }
        // OpenSSL opens these itself: a FIFO would block it before any timeout could start.
        for file in [cert, key].compactMap({ $0 }) {
            do {
                try TrustStoreLoader.requireRegularFile(file)
            } catch {
                throw ValidationError(String(describing: error))
            }
        }
        if let timeout, !(timeout > 0 && timeout <= 3600) {
            throw ValidationError("--timeout must be between 0 and 3600 seconds")
        }
    }

    /// "5", "3.1.1", "3.1" → that version; "auto" → .some(nil), meaning MQTT 5 then 3.1.1.
    static func mqttVersionChoice(_ text: String) -> MQTTProtocolVersion?? {
        switch text.lowercased().replacingAll(of: "mqttv", with: "") {
        case "5", "5.0", "50": .some(.v5)
        case "3.1.1", "311": .some(.v3_1_1)
        case "3.1", "31": .some(.v3_1)
        case "auto": .some(nil)
        default: nil
        }
    }

    /// "tlsv1.2" → 1.2...1.3: a minimum, as mosquitto_sub (and libmosquitto's tls_version) means it;
    /// "1.2-1.2" → exactly 1.2: a range is chaindoctor's own, for asking about one version.
    static func versions(_ text: String) -> ClosedRange<TLSProtocolVersion>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let low = TLSProtocolVersion(userText: parts[0]) else { return nil }
        guard parts.count == 2 else { return low...TLSProtocolVersion.tls1_3 }
        guard let high = TLSProtocolVersion(userText: parts[1]), low <= high else { return nil }
        return low...high
    }

    /// The user name and password, read once (the prompt is asked once, however many brokers are probed).
    func credentials() throws -> MQTTCredentials? {
        try username.map { MQTTCredentials(username: $0, password: try PasswordSource.read(file: passwordFile)) }
    }

    func settings(for target: ProbeTarget, serverName: String?, credentials: MQTTCredentials?) -> ProbeSettings {
        var settings = ProbeSettings(target: target)
        settings.serverName = serverName
        settings.caFile = trustStore.cafile
        settings.caPath = trustStore.capath
        if let timeout { settings.timeoutSeconds = timeout }
        settings.runMQTT = !noMqtt
        settings.insecure = insecure
        settings.instant = judgement.at.flatMap(JudgementOptions.parse)
        settings.policy = judgement.policy
        settings.verdictBasis = judgement.verdictBasis
        settings.clientFamilies = judgement.clientFamilies
        settings.broker = judgement.broker
        settings.tlsVersions = tlsVersion.flatMap(Self.versions)
        settings.ciphers = ciphers
        settings.alpn =
            alpn.map {
                $0.split(separator: ",").map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
            } ?? []
        settings.clientCertificate = cert.flatMap { cert in
            key.map { ClientCertificate(certificateFile: cert, keyFile: $0) }
        }
        settings.noSNI = noSni
        settings.quick = quick
        settings.allAddresses = allAddresses
        if let choice = mqttVersion.flatMap(Self.mqttVersionChoice) { settings.mqttVersion = choice }
        settings.clientIdentifier = clientId ?? ProbeSettings.randomClientIdentifier()
        if let keepalive { settings.keepAliveSeconds = keepalive }
        settings.credentials = credentials
        settings.sendCredentialsInsecurely = sendCredentialsInsecurely
        settings.pubsubTopic = pubsub
        return settings
    }
}
