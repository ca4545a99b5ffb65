import ChainDiagnostics
import ClientFamilies
import Findings
import FoundationSubstitutes
import ProbeDiagnostics
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `--format html`: one self-contained page to hand to whoever can fix the broker. No script, no fetch, no
/// external font or style (a Content-Security-Policy says so to the browser); light and dark schemes; printable.
/// Probe and check: the verdict, the chain drawn as SVG (the certificates in the order sent beside the path to the
/// trust anchor, a gap where an issuer is missing, the words for what is wrong), each finding with its evidence and
/// fix, OpenSSL's verdict, the client families, the TLS versions and the MQTT step, and the command line. Audit: a
/// summary bar, the brokers worst first, and an expiry timeline of every certificate. Everything that came from a
/// certificate or the network is escaped: a subject is text on the page, never markup.
public struct HTMLRenderer: ReportRenderer {
    /// The command that produced the report, credentials already removed by the caller; shown at the end.
    public var commandLine: String?

    public init(commandLine: String? = nil) {
        self.commandLine = commandLine
    }

    public func render(_ report: ProbeReport) -> String {
        let verdict = report.verdict
        var body =
            "<header class=\"verdict \(Self.tone(verdict.worstSeverity))\"><h1>\(Self.text(verdict.summary))</h1>"
        body += "<p>\(Self.text(Self.subjectLine(report)))</p></header>"
        body += section(report) + command
        return page(title: "chaindoctor: \(report.subject)", body: body, version: report.toolVersion)
    }

    public func render(_ audit: AuditReport) -> String {
        let counts = audit.counts
        let total = max(1, audit.reports.count)
        let parts: [(String, Verdict.Status, String)] = [
            ("ok", .accepted, "accepted"), ("warn", .acceptedWithWarnings, "with warnings or errors"),
            ("bad", .rejected, "rejected"), ("unknown", .unknown, "unknown"),
        ]
        var bar = "<div class=\"bar\" role=\"img\" aria-label=\"summary\">"
        var legend = "<p class=\"legend\">"
        for (tone, status, words) in parts {
            let count = counts[status] ?? 0
            if count > 0 {
                bar += "<span class=\"\(tone)\" style=\"width:\(Double(count) * 100 / Double(total))%\"></span>"
            }
            legend += "<span class=\"chip \(tone)\">\(count) \(words)</span> "
        }
        bar += "</div>"
        legend += "</p>"
        let ordered = audit.reports.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.verdict.exitCode, rhs.element.verdict.exitCode)
            return left != right ? Self.rank(left) > Self.rank(right) : lhs.offset < rhs.offset
        }
        var rows = ""
        for (index, report) in ordered {
            let verdict = report.verdict
            let worst = report.findings.first { $0.severity >= .warning }
            rows +=
                "<tr class=\"\(Self.tone(verdict.worstSeverity))\"><td><a href=\"#broker-\(index)\">"
                + "\(Self.text(report.subject))</a></td><td>\(Self.text(verdict.status.rawValue))</td><td>"
                + (worst.map { "<code>\(Self.text($0.id.rawValue))</code> \(Self.text($0.message))" } ?? "")
                + "</td></tr>"
        }
        var body = "<header class=\"verdict \(Self.tone(audit.reports.compactMap(\.verdict.worstSeverity).max()))\">"
        body += "<h1>\(audit.reports.count) \(Self.text(audit.noun))\(audit.reports.count == 1 ? "" : "s") audited</h1>"
        body += bar + legend + "</header>"
        // What expires when, at a glance, before the table.
        body += timeline(audit)
        body += "<section><h2>Brokers, worst first</h2><table class=\"brokers\"><thead><tr><th>broker</th>"
        body += "<th>verdict</th><th>worst finding</th></tr></thead><tbody>\(rows)</tbody></table></section>"
        for (index, report) in audit.reports.enumerated() {
            body += "<section class=\"broker\" id=\"broker-\(index)\"><h2>\(Self.text(report.subject))</h2>"
            body += "<p class=\"\(Self.tone(report.verdict.worstSeverity))\">\(Self.text(report.verdict.summary))</p>"
            body += section(report) + "</section>"
        }
        body += command
        return page(title: "chaindoctor audit", body: body, version: audit.reports.first?.toolVersion ?? "")
    }

    // MARK: one report

    /// The command line, once, at the end of the page.
    var command: String {
        commandLine.map { "<section class=\"command\"><h2>Command</h2><pre>\(Self.text($0))</pre></section>" } ?? ""
    }

    func section(_ report: ProbeReport) -> String {
        var out = ""
        if let chain = report.chain {
            out += "<section><h2>Chain</h2>\(ChainDrawing(chain: chain, findings: report.findings).svg)</section>"
        }
        out += findings(report)
        out += opensslAndStrict(report)
        out += clients(report)
        out += tls(report)
        out += mqtt(report)
        return out
    }

    func findings(_ report: ProbeReport) -> String {
        guard !report.findings.isEmpty else { return "" }
        var out = "<section><h2>Findings</h2>"
        for finding in report.findings {
            out += "<article class=\"finding \(Self.tone(finding.severity))\"><h3><span class=\"severity\">"
            out +=
                "\(finding.severity.rawValue.uppercased())</span> <code>\(Self.text(finding.id.rawValue))</code></h3>"
            out += "<p>\(Self.text(finding.message))</p>"
            if !finding.evidence.isEmpty {
                out += "<p class=\"evidence\"><b>Evidence</b> \(Self.text(finding.evidence))</p>"
            }
            if !finding.fix.isEmpty { out += "<p class=\"fix\"><b>Fix</b> \(Self.text(finding.fix))</p>" }
            out += "</article>"
        }
        return out + "</section>"
    }

    func opensslAndStrict(_ report: ProbeReport) -> String {
        guard let openssl = report.openssl else { return "" }
        var out = "<section><h2>OpenSSL verify <small>(what mosquitto_sub and paho see)</small></h2><ul>"
        if openssl.problems.isEmpty {
            out += "<li>\(openssl.code) \(Self.text(openssl.text))</li>"
        }
        for problem in openssl.problems {
            out += "<li>\(problem.code) \(Self.text(problem.text)) (depth \(problem.depth))</li>"
        }
        out += "</ul>"
        if let strict = report.strict {
            out += "<h3>Strict verify <small>(RFC 5280 and Web PKI, as Go, Java and rustls validate)</small></h3><ul>"
            out += strict.accepted ? "<li>accepted</li>" : ""
            for rejection in strict.rejections {
                out += "<li><code>\(Self.text(rejection.rule.rawValue))</code> \(Self.text(rejection.detail))</li>"
            }
            out += "</ul>"
        }
        return out + "</section>"
    }

    func clients(_ report: ProbeReport) -> String {
        guard let clients = report.clients, !clients.isEmpty else { return "" }
        var out = "<section><h2>Clients</h2><table><thead><tr><th>client</th><th>verdict</th><th>prints</th></tr>"
        out += "</thead><tbody>"
        for client in clients {
            out += "<tr class=\"\(client.accepted ? "ok" : "bad")\"><td>\(Self.text(client.family.profile.name))</td>"
            out += "<td>\(client.accepted ? "accepts" : "rejects")</td><td>\(Self.text(client.prints ?? ""))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }

    func tls(_ report: ProbeReport) -> String {
        guard let tls = report.tls else { return "" }
        var out = "<section><h2>TLS</h2><p>"
        out += Self.text([tls.version?.displayName, tls.cipher].compactMap { $0 }.joined(separator: ", ")) + "</p>"
        if let versions = tls.versions {
            out += "<ul class=\"versions\">"
            for result in versions {
                let answer = result.accepted ? "accepted" : result.noAnswer ? "no answer" : "refused"
                out += "<li class=\"\(result.accepted && result.version < .tls1_2 ? "bad" : "")\">"
                out += "\(Self.text(result.version.displayName)): \(answer)</li>"
            }
            out += "</ul>"
        }
        return out + "</section>"
    }

    func mqtt(_ report: ProbeReport) -> String {
        guard let mqtt = report.mqtt else { return "" }
        return "<section><h2>MQTT \(Self.text(mqtt.protocolVersion))</h2><p>\(Self.text(mqtt.status.rawValue)): "
            + "\(Self.text(mqtt.reason))</p></section>"
    }

    // MARK: the audit's expiry timeline

    /// Every certificate of every broker's chain on a time axis from the audit's instant: one row per broker, one
    /// mark per certificate, the critical and warning windows shaded, "expires in N days" on hover and in text.
    /// The axis spans three years; a later expiry sits at its right end with its date.
    func timeline(_ audit: AuditReport) -> String {
        let policy = audit.reports.first?.policy ?? ChainPolicy()
        let spanDays = 3 * 365
        let (left, width, rowHeight) = (220.0, 760.0, 16.0)
        let brokers = audit.reports.enumerated().filter { !($0.element.chain?.presentedChain.isEmpty ?? true) }
        let height = Double(brokers.count) * rowHeight + 40
        func x(_ days: Int) -> Double { left + width * Double(min(max(days, 0), spanDays)) / Double(spanDays) }
        var svg =
            "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(left + width + 20)) "
            + "\(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"certificate expiry timeline\">"
        svg +=
            "<rect class=\"crit-window\" x=\"\(left)\" y=\"0\" width=\"\(x(policy.critDays) - left)\" height=\"\(height - 20)\"/>"
        svg += "<rect class=\"warn-window\" x=\"\(x(policy.critDays))\" y=\"0\" "
        svg += "width=\"\(x(policy.warnDays) - x(policy.critDays))\" height=\"\(height - 20)\"/>"
        for year in 0...3 {
            let position = x(year * 365)
            svg += "<line class=\"tick\" x1=\"\(position)\" y1=\"0\" x2=\"\(position)\" y2=\"\(height - 20)\"/>"
            let label = year == 0 ? "today" : "+\(year) year\(year == 1 ? "" : "s")"
            let anchor = year == 3 ? " text-anchor=\"end\"" : ""
            svg += "<text class=\"axis\" x=\"\(position)\" y=\"\(height - 6)\"\(anchor)>\(label)</text>"
        }
        var list = ""
        for (row, (index, report)) in brokers.enumerated() {
            let y = Double(row) * rowHeight + 12
            svg += "<a href=\"#broker-\(index)\"><text class=\"name\" x=\"4\" y=\"\(y + 4)\">"
            svg += "\(Self.text(Self.clip(report.subject, 30)))</text></a>"
            for (position, certificate) in (report.chain?.presentedChain ?? []).enumerated() {
                let days = certificate.daysRemaining
                let words = Self.expiryWords(days, certificate.notAfter)
                let tone = days < 0 || days <= policy.critDays ? "bad" : days <= policy.warnDays ? "warn" : "ok"
                let cx = x(days) + Double(position) * 2
                svg += "<circle class=\"expiry \(tone)\" cx=\"\(cx)\" cy=\"\(y)\" r=\"5\"><title>"
                svg += "\(Self.text(report.subject)) [\(position)] \(Self.text(certificate.displayName)): \(words)"
                svg += "</title></circle>"
                list +=
                    "<li>\(Self.text(report.subject)) [\(position)] \(Self.text(certificate.displayName)): \(words)</li>"
            }
        }
        svg += "</svg>"
        return "<section><h2>Expiry timeline</h2><p class=\"legend\"><span class=\"chip bad\">critical window ("
            + "\(policy.critDays) days)</span> <span class=\"chip warn\">warning window (\(policy.warnDays) days)"
            + "</span></p>\(svg)<details><summary>Every certificate, in words</summary><ul class=\"expiries\">"
            + "\(list)</ul></details></section>"
    }

    static func expiryWords(_ days: Int, _ notAfter: Date) -> String {
        let date = notAfter.iso8601DayText
        if days < 0 { return "expired \(-days) day\(days == -1 ? "" : "s") ago (\(date))" }
        return "expires in \(days) day\(days == 1 ? "" : "s") (\(date))"
    }

    // MARK: the page

    func page(title: String, body: String, version: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(Self.text(title))</title>
        <style>\(Self.style)</style></head>
        <body><main>\(body)<footer>chaindoctor \(Self.text(version))</footer></main></body></html>

        """
    }

    static let style = """
        :root{--fg:#1b1f23;--bg:#fff;--muted:#57606a;--line:#d0d7de;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;\
        --okbg:#dafbe1;--warnbg:#fff8c5;--badbg:#ffebe9;--card:#f6f8fa}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;\
        --ok:#3fb950;--warn:#d29922;--bad:#f85149;--okbg:#12261e;--warnbg:#272115;--badbg:#2d1517;--card:#161b22}}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
        main{max-width:1100px;margin:0 auto;padding:16px 24px}
        h1{font-size:1.35em;margin:.2em 0}h2{font-size:1.15em;border-bottom:1px solid var(--line);padding-bottom:4px}
        h3{font-size:1em;margin:.3em 0}small{color:var(--muted);font-weight:normal}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
        pre{white-space:pre-wrap;word-break:break-all;background:var(--card);padding:8px;border-radius:6px}
        p,li,td{overflow-wrap:anywhere}
        .verdict{border-left:6px solid var(--muted);padding:8px 14px;background:var(--card);border-radius:6px}
        .verdict.ok{border-color:var(--ok)}.verdict.warn{border-color:var(--warn)}.verdict.bad{border-color:var(--bad)}
        .finding{border-left:4px solid var(--muted);padding:4px 12px;margin:10px 0;background:var(--card);border-radius:4px}
        .finding.ok{border-color:var(--ok)}.finding.warn{border-color:var(--warn)}.finding.bad{border-color:var(--bad)}
        .severity{font-size:.8em;letter-spacing:.04em}
        .bad .severity{color:var(--bad)}.warn .severity{color:var(--warn)}.ok .severity{color:var(--ok)}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
        tr.bad td:first-child{border-left:4px solid var(--bad)}tr.warn td:first-child{border-left:4px solid var(--warn)}
        tr.ok td:first-child{border-left:4px solid var(--ok)}
        .bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--line);margin:8px 0}
        .bar .ok{background:var(--ok)}.bar .warn{background:var(--warn)}.bar .bad{background:var(--bad)}.bar .unknown{background:var(--muted)}
        .chip{display:inline-block;padding:0 8px;border-radius:10px;font-size:.85em;border:1px solid var(--line)}
        .chip.ok{background:var(--okbg)}.chip.warn{background:var(--warnbg)}.chip.bad{background:var(--badbg)}
        li.bad{color:var(--bad)}
        svg text{fill:var(--fg);font:12px system-ui,sans-serif}svg .small{font-size:10.5px;fill:var(--muted)}
        svg .box{fill:var(--card);stroke:var(--line);stroke-width:1.5}svg .box.bad{stroke:var(--bad);fill:var(--badbg)}
        svg .box.warn{stroke:var(--warn);fill:var(--warnbg)}svg .box.anchor{stroke:var(--ok)}
        svg rect.gap{fill:none;stroke:var(--bad);stroke-width:2;stroke-dasharray:6 4}svg .flag{font-weight:bold}
        svg tspan.bad{fill:var(--bad)}svg tspan.warn{fill:var(--warn)}svg tspan.ok{fill:var(--ok)}svg .link{stroke:var(--muted);stroke-width:1.5;fill:none}
        svg .link.moved{stroke:var(--warn);stroke-width:2}svg .arrowhead{fill:var(--muted)}
        svg .crit-window{fill:var(--badbg)}svg .warn-window{fill:var(--warnbg)}svg .tick{stroke:var(--line)}
        svg .expiry.ok{fill:var(--ok)}svg .expiry.warn{fill:var(--warn)}svg .expiry.bad{fill:var(--bad)}
        svg .axis{fill:var(--muted);font-size:11px}svg a text{fill:var(--fg);text-decoration:underline}
        footer{color:var(--muted);font-size:.85em;margin-top:24px}
        .broker{content-visibility:auto;contain-intrinsic-size:auto 900px}
        @media print{body{font-size:11pt}.broker{break-before:page;content-visibility:visible}details{display:block}\
        a{color:inherit}}
        """

    // MARK: words

    static func subjectLine(_ report: ProbeReport) -> String {
        var parts = [report.subject]
        if let sni = report.target?.serverName { parts.append("SNI \(sni)") }
        if let store = report.trustStore { parts.append("trust: \(store.kind) \(store.path ?? "")") }
        parts.append("judged at \(report.checkedAt.iso8601Text)")
        return parts.joined(separator: " · ")
    }

    static func tone(_ severity: Severity?) -> String {
        switch severity {
        case .critical?, .error?: "bad"
        case .warning?: "warn"
        default: "ok"
        }
    }

    static func rank(_ exitCode: Int32) -> Int { exitCode == 3 ? 1 : exitCode == 0 ? 0 : Int(exitCode) + 1 }

    static func clip(_ text: String, _ count: Int) -> String {
        text.count > count ? String(text.prefix(count - 1)) + "…" : text
    }

    /// Text for the page: control characters and bidi overrides made visible (as the terminal output does), then
    /// the HTML metacharacters escaped, so that nothing from a certificate or a peer is ever markup.
    public static func text(_ value: String) -> String {
        var out = ""
        for character in TerminalText.escaped(value) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
