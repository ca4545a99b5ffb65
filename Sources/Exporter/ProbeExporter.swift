public import ChainDoctorKit
import Dispatch
import Report

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A module: what a probe may be told, fixed by the exporter's configuration (the trust store, a client
/// certificate, credentials, the MQTT version, the thresholds, the timeout). A scrape picks a module by name and
/// supplies only the target and the SNI name: never a file, never a credential.
public struct ExporterModule: Sendable {
    public var name: String
    /// The probe's settings; the target is replaced by each scrape's.
    public var settings: ProbeSettings

    public init(name: String, settings: ProbeSettings) {
        self.name = name
        self.settings = settings
    }
}

/// `chaindoctor exporter`'s routes, in the style of blackbox_exporter and ssl_exporter:
/// - `/probe?target=HOST:PORT[&module=NAME][&servername=NAME]`: one probe, its report in the Prometheus text
///   format (the metrics of `--format prometheus`), whatever the probe found;
/// - `/metrics`: the exporter's own metrics;
/// - `/` a page naming the routes and modules, `/-/healthy` for liveness checks.
///
/// At most `maximumConcurrentProbes` probes run at once; a scrape beyond that waits for a slot as long as its
/// own timeout allows, then gets a 503. A scrape's time is the module's timeout, shortened to what Prometheus
/// allows it (`X-Prometheus-Scrape-Timeout-Seconds`, less half a second to answer in); the wait for a slot comes
/// out of it, and the probe gets the rest.
public final class ProbeExporter: Sendable {
    public static let defaultModuleName = "default"
    /// Taken off Prometheus's scrape timeout so that the answer arrives before Prometheus gives up.
    public static let timeoutOffsetSeconds = 0.5
    public static let parameters: Set<String> = ["target", "module", "servername"]

    public let modules: [String: ExporterModule]
    public let maximumConcurrentProbes: Int
    let version: String
    let slots: DispatchSemaphore
    let metrics = ExporterMetrics()
    /// Each module's trust store, read again only when its files change.
    let trustStores = TrustStoreCache()
    let clock: @Sendable () -> Date

    public init(
        modules: [ExporterModule], maximumConcurrentProbes: Int, version: String,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.modules = Dictionary(modules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.maximumConcurrentProbes = max(1, maximumConcurrentProbes)
        self.slots = DispatchSemaphore(value: max(1, maximumConcurrentProbes))
        self.version = version
        self.clock = clock
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let response: HTTPResponse
        switch request.path {
        case "/probe": response = probe(request)
        case "/metrics":
            response = HTTPResponse(
                status: 200, contentType: Self.exposition, body: metrics.render(version: version))
        case "/-/healthy": response = HTTPResponse(status: 200, body: "OK\n")
        case "/": response = HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: landingPage)
        default: response = .error(404, "no such page: /probe, /metrics, /-/healthy")
        }
        metrics.responded(response.status)
        return response
    }

    static let exposition = "text/plain; version=0.0.4; charset=utf-8"

    func probe(_ request: HTTPRequest) -> HTTPResponse {
        var values: [String: String] = [:]
        for (name, value) in request.query {
            guard Self.parameters.contains(name) else {
                return .error(
                    400,
                    "unknown parameter '\(Self.clip(name))': a scrape gives target, module and servername; files "
                        + "and credentials come only from the exporter's configuration")
            }
            guard values.updateValue(value, forKey: name) == nil else {
                return .error(400, "parameter '\(name)' given twice")
            }
        }
        guard let targetText = values["target"], !targetText.isEmpty else {
            return .error(400, "missing target: /probe?target=HOST:PORT")
        }
        guard let target = ProbeTarget(parsing: targetText) else {
            return .error(
                400,
                "target '\(Self.clip(targetText))' is not HOST, HOST:PORT, [IPv6]:PORT, mqtts://HOST:PORT or "
                    + "wss://HOST:PORT/PATH")
        }
        let moduleName = values["module"] ?? Self.defaultModuleName
        guard let module = modules[moduleName] else {
            return .error(
                400,
                "unknown module '\(Self.clip(moduleName))' (configured: \(modules.keys.sorted().joined(separator: ", ")))"
            )
        }
        if let serverName = values["servername"], serverName.isEmpty || serverName.utf8.count > 253 {
            return .error(400, "servername must be 1 to 253 bytes")
        }

        var settings = module.settings
        settings.target = target
        settings.serverName = values["servername"] ?? module.settings.serverName
        settings.clientIdentifier = ProbeSettings.randomClientIdentifier()
        if let header = request.headers["x-prometheus-scrape-timeout-seconds"], let scrape = Double(header),
            scrape.isFinite, scrape > 0
        {
            settings.timeoutSeconds = min(settings.timeoutSeconds, max(0.5, scrape - Self.timeoutOffsetSeconds))
        }
        // One budget for the scrape: the wait for a slot comes out of it, and the probe gets what is left.
        let arrived = Date()
        let budget = settings.timeoutSeconds
        guard slots.wait(timeout: .now() + budget) == .success else {
            return .error(
                503,
                "\(maximumConcurrentProbes) probes already running (--max-concurrent-probes) for the whole scrape "
                    + "timeout")
        }
        defer { slots.signal() }
        let left = budget - Date().timeIntervalSince(arrived)
        guard left >= 0.1 else {
            return .error(503, "no time left for the probe after waiting for a slot (--max-concurrent-probes)")
        }
        settings.timeoutSeconds = left
        metrics.probeStarted()
        let started = Date()
        let document: ReportDocument
        let success: Bool
        if settings.allAddresses {
            // Every node behind the name, each with its own `target` label (its address).
            let trust: TrustStoreLoader.Loaded
            do {
                trust = try trustStores.load(caFile: settings.caFile, caPath: settings.caPath)
            } catch {
                metrics.probeFinished(module: moduleName, success: false, seconds: 0)
                return .error(503, "module '\(moduleName)': \(Self.clip(String(describing: error)))")
            }
            let audit = AuditRunner(probes: [settings], concurrency: 16, trust: trust, clock: clock).run()
            document = .audit(audit)
            success = audit.reports.allSatisfy(\.verdict.clientConnects)
        } else {
            // A store that cannot be read is the probe's to report (exit 3, probe_success 0), as it reads it itself.
            let trust = try? trustStores.load(caFile: settings.caFile, caPath: settings.caPath)
            let report = ProbeRunner(settings: settings, clock: clock, trust: trust).run()
            document = .single(report)
            success = report.verdict.clientConnects
        }
        metrics.probeFinished(module: moduleName, success: success, seconds: Date().timeIntervalSince(started))
        return HTTPResponse(status: 200, contentType: Self.exposition, body: PrometheusRenderer().render(document))
    }

    /// A value echoed in an error, cut to a line's worth and kept printable.
    static func clip(_ text: String) -> String {
        let short = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return TerminalText.escaped(short)
    }

    var landingPage: String {
        let names = modules.keys.sorted().map { "<li><code>\(HTMLRenderer.text($0))</code></li>" }.joined()
        return """
            <!doctype html><html><head><meta charset="utf-8"><title>chaindoctor exporter</title></head><body>
            <h1>chaindoctor exporter \(HTMLRenderer.text(version))</h1>
            <p><a href="/metrics">/metrics</a>: the exporter's own metrics.</p>
            <p><code>/probe?target=HOST:PORT&amp;module=NAME&amp;servername=NAME</code>: probe an MQTT broker.</p>
            <p>Modules:</p><ul>\(names)</ul></body></html>

            """
    }
}
