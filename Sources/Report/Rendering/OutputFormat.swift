/// What `--format` names: how a report is written.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// For a person: verdict first, then the chain, then each finding with its fix.
    case text
    /// The versioned JSON document (`Man/chaindoctor-report.schema.json`).
    case json
    /// JSON Lines: each probe's JSON document on one line (an audit writes each as it finishes), for log
    /// pipelines.
    case jsonl
    /// The Prometheus text exposition format, for node_exporter's textfile collector.
    case prometheus
    /// Nagios / Icinga plugin output: a status line, the findings, performance data.
    case nagios
    /// One self-contained HTML page to hand over: the chain drawn, the findings with their fixes; for an audit,
    /// the brokers worst first and an expiry timeline.
    case html

    /// The renderer of this format; `useColor` matters only to formats for a terminal, `commandLine` (credentials
    /// removed) only to the HTML page, which ends with it.
    public func renderer(useColor: Bool, commandLine: String? = nil) -> any ReportRenderer {
        switch self {
        case .text: TextRenderer(useColor: useColor)
        case .json: JSONRenderer()
        case .jsonl: JSONRenderer(lines: true)
        case .prometheus: PrometheusRenderer()
        case .nagios: NagiosRenderer()
        case .html: HTMLRenderer(commandLine: commandLine)
        }
    }

    /// Whether a report that could not run is still written whole to standard output, for a program to read.
    /// A person gets one line on standard error instead.
    public var isForPrograms: Bool {
        switch self {
        case .text: false
        case .json, .jsonl, .prometheus, .nagios, .html: true
        }
    }
}
