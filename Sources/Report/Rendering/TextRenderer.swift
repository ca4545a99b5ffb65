import ChainDiagnostics
import Findings
import FoundationSubstitutes
import ProbeDiagnostics
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The report for a person, read top down: verdict, the chain as presented, each finding with its fix,
/// OpenSSL's verdict, the MQTT answer. Colour only when asked (a TTY without NO_COLOR). Every line is escaped as
/// it is written (`TerminalText`): names, alerts and broker strings reach the terminal as visible text, and only
/// the renderer's own colour sequences are sent raw.
public struct TextRenderer: ReportRenderer {
    public var useColor: Bool

    public init(useColor: Bool) {
        self.useColor = useColor
    }

    public func render(_ report: ProbeReport) -> String {
        let sections = [
            verdict(report) + header(report), chain(report), clients(report), findings(report), openssl(report),
            strict(report), repair(report), mqtt(report),
        ]
        return sections.filter { !$0.isEmpty }.map(write).joined(separator: "\n\n") + "\n"
    }

    /// The one-line answer first.
    func verdict(_ report: ProbeReport) -> [Line] {
        let verdict = report.verdict
        return [paint(verdict.summary, verdict.worstSeverity ?? .critical, bold: true), ""]
    }

    /// What was judged, how, and which steps failed.
    func header(_ report: ProbeReport) -> [Line] {
        var out: [Line] = []
        if let target = report.target {
            var targetLine = "Target   \(target.display)"
            if let address = target.address, address != target.hostAndPort {
                targetLine += " (\(address))"
            }
            if let sni = target.serverName { targetLine += ", SNI \(sni)" }
            out.append(Line(targetLine))
        }
        if let files = report.files {
            out.append("Certfile \(files.certfile)")
            if let keyfile = files.keyfile { out.append("Keyfile  \(keyfile)") }
            if let pool = files.intermediates { out.append("Pool     \(pool)") }
        }
        if report.kind == .check || report.checkedAt != report.startedAt {
            out.append(
                Line(
                    "Judged   at \(Self.instant(report.checkedAt))"
                        + (report.identity.map { " for \($0)" } ?? " (no host name or IP given: identity not checked)"))
            )
        }
        if let tls = report.tls { out += surface(tls) }
        if let store = report.trustStore {
            let where_ = store.path.map { " \($0)" } ?? ""
            out.append(
                Line(
                    "Trust    \(store.kind)\(where_) (\(store.anchorCount) certificate\(store.anchorCount == 1 ? "" : "s")"
                        + (store.unsupportedCount > 0
                            ? ", and \(store.unsupportedCount) with a key type only OpenSSL reads, used for its verdict only)"
                            : ")")))
        }
        if let broker = report.broker {
            out.append(
                Line(
                    "Broker   \(broker.dialect.name)"
                        + (broker.inferredFrom.map { " (inferred: \($0); --broker to choose)" } ?? " (--broker)")))
        }
        for phase in report.phases where phase.status == .failed {
            out.append(paint("Failed   \(phase.name): \(phase.error ?? "")", .critical))
        }
        return out
    }

    /// The negotiated session, the versions accepted, and mutual TLS.
    func surface(_ tls: TLSSurface) -> [Line] {
        var out: [Line] = []
        if let version = tls.version {
            out.append(
                Line(
                    "TLS      \(version.rawValue), \(tls.cipher ?? "")"
                        + (tls.alpnSelected.map { ", ALPN \($0)" } ?? "")
                        + (tls.ocspStaple.map { $0 == .none ? "" : ", OCSP staple \($0)" } ?? "")))
        }
        if let versions = tls.versions {
            out.append(
                Line(
                    "Versions "
                        + versions.map {
                            "\($0.version.displayName) "
                                + ($0.accepted || $0.version == tls.version ? "yes" : $0.noAnswer ? "no answer" : "no")
                        }
                        .joined(separator: ", ")))
        }
        if let auth = tls.clientAuth, auth.requested {
            let need = auth.required == true ? "required" : auth.required == false ? "optional" : "requested"
            out.append(
                Line(
                    "mTLS     client certificate \(need)" + (auth.presented ? ", presented" : "")
                        + (auth.answer.map { ", broker answered: \($0)" } ?? "")))
            for name in auth.acceptableIssuers { out.append("         accepts client certificates from \(name)") }
        }
        return out
    }

    /// The chain as presented, then the path a client builds.
    func chain(_ report: ProbeReport) -> [Line] {
        guard let chain = report.chain else { return [] }
        let count = chain.presentedChain.count
        var out = [heading("Chain as presented (\(count) certificate\(count == 1 ? "" : "s"))")]
        for certificate in chain.presentedChain {
            out += describe(certificate)
        }
        if let verified = chain.verifiedChain {
            let names = verified.map { summary in
                summary.presentedIndex.map { "[\($0)]" }
                    ?? (summary.fromIntermediates ? "[intermediates]" : "[trust store]")
            }
            out.append(
                Line(
                    "Verified path: \(names.joined(separator: " → ")) "
                        + "(\(verified.map(\.displayName).joined(separator: " → ")))"))
        } else if !chain.builtPath.isEmpty {
            out.append(
                "No trusted path; built as far as: \(chain.builtPath.map(\.displayName).joined(separator: " → "))")
        }
        return out
    }

    /// Which client families accept the chain, and what each that rejects prints.
    func clients(_ report: ProbeReport) -> [Line] {
        guard let clients = report.clients, !clients.isEmpty else { return [] }
        var out = [heading("Clients (--clients): \(clients.summary)")]
        let width = clients.map(\.profile.name.count).max() ?? 0
        // When every family rejects, the findings below say why and what to change; the table says only who.
        let showFixes = clients.contains(where: \.accepted)
        for verdict in clients {
            let name = verdict.profile.name.padded(to: width)
            if verdict.accepted {
                let anchor = verdict.trustAnchor.map { " (trusts \($0.subject), a \($0.pemBytes)-byte PEM)" } ?? ""
                out.append(paint("  accepts  ", .ok, then: name + anchor))
            } else {
                out.append(paint("  rejects  ", .error, then: "\(name)  prints: \(verdict.prints ?? "")"))
                if showFixes, let fix = verdict.fix { out.append(Line("           fix: \(fix)")) }
            }
        }
        if let bytes = report.certificateMessageBytes {
            out.append(Line("  Certificate message: \(bytes) bytes"))
        }
        return out
    }

    /// Each finding, worst first, with its evidence and fix.
    func findings(_ report: ProbeReport) -> [Line] {
        guard !report.findings.isEmpty else { return [] }
        var out = [heading("Findings")]
        for finding in report.findings {
            let label = finding.severity.rawValue.uppercased().padded(to: 8)
            out.append(paint("\(label) \(finding.id.rawValue): ", finding.severity, bold: true, then: finding.message))
            out.append("         evidence: \(finding.evidence)")
            if !finding.fix.isEmpty { out.append("         fix: \(finding.fix)") }
        }
        return out
    }

    /// OpenSSL's own verdict: what mosquitto_sub and paho print.
    func openssl(_ report: ProbeReport) -> [Line] {
        guard let openssl = report.openssl else { return [] }
        var out = [heading("OpenSSL verify (what mosquitto_sub and paho see)")]
        out.append(Line("  \(openssl.code) \(openssl.text)" + (openssl.isValid ? "" : " (depth \(openssl.depth))")))
        for problem in openssl.problems.dropFirst() {
            out.append("  then \(problem.code) \(problem.text) (depth \(problem.depth))")
        }
        return out
    }

    /// The strict verdict: what Go, Java and rustls make of the same chain.
    func strict(_ report: ProbeReport) -> [Line] {
        guard let strict = report.strict else { return [] }
        var out = [heading("Strict verify (RFC 5280 and Web PKI, as Go, Java and rustls validate)")]
        if strict.accepted {
            out.append("  accepted")
        }
        var seen: Set<String> = []
        for rejection in strict.rejections where seen.insert(rejection.rule.rawValue + rejection.subject).inserted {
            out.append("  \(rejection.rule.rawValue): \(rejection.detail)")
        }
        if report.verdictBasis != .both {
            out.append("  (the status and exit code follow the \(report.verdictBasis.rawValue) verdict: --verdict)")
        }
        return out
    }

    /// What `check --repair` wrote, or why it did not.
    func repair(_ report: ProbeReport) -> [Line] {
        guard let repair = report.repair else { return [] }
        return [
            heading("Repair"),
            Line(
                repair.written
                    ? "  wrote \(repair.path): \(repair.detail)" : "  not written (\(repair.path)): \(repair.detail)"),
        ]
    }

    /// The CONNACK in words, and what --pubsub found.
    func mqtt(_ report: ProbeReport) -> [Line] {
        guard let mqtt = report.mqtt else { return [] }
        var out = [heading("MQTT \(mqtt.protocolVersion)" + (mqtt.transport == "tcp" ? "" : " over \(mqtt.transport)"))]
        var line = "  \(mqtt.status.rawValue): \(mqtt.reason)"
        if let present = mqtt.sessionPresent { line += ", session present \(present ? 1 : 0)" }
        out.append(Line(line))
        if mqtt.credentialsSent { out.append("  credentials sent") }
        if let withheld = mqtt.credentialsWithheld { out.append("  credentials withheld: \(withheld)") }
        if !mqtt.properties.isEmpty {
            out.append(
                Line(
                    "  properties: "
                        + mqtt.properties.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                        .joined(separator: ", ")))
        }
        if let pubsub = mqtt.pubsub {
            out.append(
                Line(
                    "  pubsub \(pubsub.topic): subscribe \(pubsub.subscribeResult); publish \(pubsub.publishResult); "
                        + (pubsub.received
                            ? "received after \(pubsub.roundTripMs.map { String($0) } ?? "?") ms" : "not received")))
        }
        return out
    }

    /// An audit: one line per broker, worst first, then the tally.
    public func render(_ audit: AuditReport) -> String {
        var out: [Line] = []
        let order: [Verdict.Status] = [.rejected, .unknown, .acceptedWithWarnings, .accepted]
        let sorted = audit.reports.enumerated().sorted { lhs, rhs in
            let left = order.firstIndex(of: lhs.element.verdict.status) ?? 0
            let right = order.firstIndex(of: rhs.element.verdict.status) ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        for report in sorted {
            let verdict = report.verdict
            let label: String
            switch verdict.status {
            case .accepted: label = "OK      "
            case .acceptedWithWarnings: label = verdict.exitCode == 1 ? "WARNING " : "ERROR   "
            case .rejected: label = "REJECTED"
            case .unknown: label = "UNKNOWN "
            }
            let worst = report.findings.first { $0.severity >= .warning }
            let detail =
                worst.map { "\($0.id.rawValue): \($0.message)" }
                ?? report.probeError
                ?? (report.mqtt?.status == .accepted ? "chain verified, CONNACK accepted" : "chain verified")
            out.append(
                paint(label, verdict.worstSeverity ?? .critical, bold: true, then: " \(report.subject)  \(detail)"))
        }
        let counts = audit.counts
        out.append("")
        out.append(
            Line(
                "\(audit.reports.count) \(audit.noun)\(audit.reports.count == 1 ? "" : "s"): \(counts[.accepted] ?? 0) ok, "
                    + "\(counts[.acceptedWithWarnings] ?? 0) with warnings or errors, \(counts[.rejected] ?? 0) rejected, "
                    + "\(counts[.unknown] ?? 0) unknown"))
        return write(out) + "\n"
    }

    private func describe(_ certificate: CertificateSummary) -> [Line] {
        let index = certificate.presentedIndex.map { "[\($0)]" } ?? "[-]"
        let role =
            certificate.presentedIndex == 0
            ? "leaf" : certificate.selfSigned ? "root" : certificate.isCA ? "CA" : "end entity"
        var key = certificate.publicKey.algorithm
        if let curve = certificate.publicKey.curve {
            key += " \(curve)"
        } else if let bits = certificate.publicKey.bits {
            key += " \(bits)"
        }
        let days =
            certificate.daysRemaining >= 0
            ? "\(certificate.daysRemaining) days left" : "expired \(-certificate.daysRemaining) days ago"
        var lines: [Line] = [
            "\(index) \(certificate.subject)  (\(role))",
            "    issuer    \(certificate.issuer)",
            "    valid     \(Self.day(certificate.notBefore)) to \(Self.day(certificate.notAfter)) (\(days))",
            "    key       \(key), signed \(certificate.signatureAlgorithm)",
        ]
        if !certificate.dnsNames.isEmpty || !certificate.ipAddresses.isEmpty {
            lines.append(
                Line(
                    "    names     "
                        + (certificate.dnsNames.map { "DNS:\($0)" } + certificate.ipAddresses.map { "IP:\($0)" })
                        .joined(separator: ", ")))
        }
        lines.append("    sha256    \(certificate.sha256)")
        return lines
    }

    static func instant(_ date: Date) -> String {
        date.iso8601Text
    }

    static func day(_ date: Date) -> String {
        date.iso8601DayText
    }

    private func heading(_ text: String) -> Line {
        Line(styled: text, sgr: useColor ? "1" : nil)
    }

    private func paint(_ text: String, _ severity: Severity, bold: Bool = false, then rest: String = "") -> Line {
        let color: String
        switch severity {
        case .ok: color = "32"
        case .info: color = "36"
        case .warning: color = "33"
        case .error, .critical: color = "31"
        }
        return Line(styled: text, sgr: useColor ? (bold ? "1;" : "") + color : nil, text: rest)
    }

    /// Lines as the terminal gets them: each part escaped, then the colour sequence around the styled part.
    private func write(_ lines: [Line]) -> String {
        lines.map { line in
            let styled = TerminalText.escaped(line.styled)
            let painted = line.sgr.map { styled.isEmpty ? "" : "\u{1B}[\($0)m\(styled)\u{1B}[0m" } ?? styled
            return painted + TerminalText.escaped(line.text)
        }.joined(separator: "\n")
    }
}

/// One line of the text report: an optional styled part first (a heading, a verdict, a severity label), then
/// plain text. Both are raw here and escaped only when written, so no part can bypass the escaping.
struct Line: ExpressibleByStringInterpolation {
    var styled = ""
    var sgr: String?
    var text = ""

    init(styled: String, sgr: String?, text: String = "") {
        self.styled = styled
        self.sgr = sgr
        self.text = text
    }

    init(_ text: String) {
        self.text = text
    }

    init(stringLiteral value: String) {
        text = value
    }

    init(stringInterpolation: DefaultStringInterpolation) {
        text = String(stringInterpolation: stringInterpolation)
    }
}
