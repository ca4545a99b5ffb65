import ArgumentParser
import ChainDiagnostics
import ChainDoctorKit
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `chaindoctor check CERTFILE`: the files a broker is configured with, judged before any client connects,
/// with the same analyzer, report and exit codes as `probe`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        _superCommandName: ChainDoctor.name,
        abstract: "Check a broker's certificate and key files before deployment.",
        discussion: """
            Judges CERTFILE (the broker's certfile: PEM bundle or one DER certificate, in the order the broker \
            will serve it) as a client with the given trust store would, and, with --key, whether the keyfile \
            loads and belongs to the leaf (as mosquitto checks at start-up). --repair OUT writes the chain the \
            broker should serve (leaf, then each intermediate in issuing order, root left out) from CERTFILE \
            and --intermediates, and refuses, saying why, when OpenSSL would not verify it.
            """
    )

    @Argument(help: ArgumentHelp("The broker's certificate file (mosquitto certfile).", valueName: "certfile"))
    var certfile: String?

    @Option(
        help: ArgumentHelp(
            "Check every TLS listener of this broker configuration instead of one certfile: mosquitto.conf (with include_dir), rabbitmq.conf, emqx.conf (4.x and 5.x), HiveMQ config.xml, nanomq.conf, vernemq.conf, ejabberd.yml. The broker is told from the file, or by --broker.",
            valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The broker's private key file (mosquitto keyfile).", valueName: "keyfile"))
    var key: String?

    @OptionGroup var trustStore: TrustStoreOptions

    @Option(help: ArgumentHelp("The host name clients dial, to check the certificate names it.", valueName: "name"))
    var hostname: String?

    @Option(help: ArgumentHelp("The IP address clients dial, to check the certificate names it.", valueName: "address"))
    var ip: String?

    @Option(
        help: ArgumentHelp(
            "Directory of intermediate certificates to complete the chain from (with --repair).", valueName: "dir"))
    var intermediates: String?

    @Option(
        help: ArgumentHelp(
            "Write the chain the broker should serve to this file ('-': standard output, the report then on standard error).",
            valueName: "out"))
    var repair: String?

    @Flag(help: "With --repair, overwrite OUT when it exists (a regular file only, kept with its owner and mode).")
    var force = false

    @OptionGroup var judgement: JudgementOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (certfile == nil) != (config == nil) else {
            throw ValidationError("give a CERTFILE or --config FILE, one of them")
        }
        if config != nil && (repair != nil || key != nil || intermediates != nil) {
            throw ValidationError(
                "--config reads the key and files from the configuration: no --key, --intermediates or --repair")
        }
        if force && repair == nil {
            throw ValidationError("--force goes with --repair OUT")
        }
        if hostname != nil && ip != nil {
            throw ValidationError("give --hostname or --ip, not both")
        }
        if let ip, IPAddressText.parse(ip) == nil {
            throw ValidationError("--ip '\(ip)' is not an IPv4 or IPv6 address")
        }
    }

    func run() throws {
        let identity = hostname.map(ServerIdentity.dnsName) ?? ip.map(ServerIdentity.init)
        if let config {
            let settings = ConfigCheckSettings(
                path: config, broker: judgement.broker, caFile: trustStore.cafile, caPath: trustStore.capath,
                identity: identity, instant: judgement.at.flatMap(JudgementOptions.parse), policy: judgement.policy,
                verdictBasis: judgement.verdictBasis, clientFamilies: judgement.clientFamilies)
            let report = try ConfigCheckRunner(settings: settings, clock: { Date() }).run()
            try ReportOutput.emit(.audit(report), format: output.resolved)
            return
        }
        guard let certfile else { return }
        var settings = CheckSettings(
            certfile: certfile, keyfile: key, caFile: trustStore.cafile, caPath: trustStore.capath,
            identity: identity,
            intermediates: intermediates, repairOutput: repair,
            instant: judgement.at.flatMap(JudgementOptions.parse), policy: judgement.policy,
            verdictBasis: judgement.verdictBasis)
        settings.overwrite = force
        settings.clientFamilies = judgement.clientFamilies
        settings.broker = judgement.broker
        // Whether OUT may be written is the user's to fix before any work: one line, exit 3.
        if let repair {
            try OutputFile(path: repair, overwrite: force).check()
        }
        let report = CheckRunner(settings: settings, clock: { Date() }).run()
        try ReportOutput.emit(.single(report), format: output.resolved, to: repair == "-" ? .error : .output)
    }
}
