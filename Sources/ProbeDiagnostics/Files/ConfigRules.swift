public import Brokers
public import Findings
import FoundationSubstitutes

/// `check --config`: what a broker's configuration says that cannot work, in that broker's terms. The listener's
/// files themselves are judged by the chain and file rules, as for `check`.
public enum ConfigRules {
    /// A line the configuration reader could not read.
    public static func unreadableLine(file: String, _ problem: BrokerConfiguration.Problem) -> Finding {
        Finding(
            id: .configProblem, message: "\(file):\(problem.line): \(problem.message).",
            evidence: "the line cannot be read; the listeners that could be read are checked",
            fix: "Correct the line; the broker refuses to start, or ignores it, as written.")
    }

    /// A TLS listener that cannot serve as written (no certificate, no key, unreadable files, no CA file).
    public static func listenerProblem(_ label: String, _ what: String, dialect: BrokerDialect) -> Finding {
        Finding(
            id: .configProblem, message: "\(label): \(what).",
            evidence: "\(dialect.name) needs a certificate chain and its key on every TLS listener",
            fix: "Set \(dialect.settings?.certificateChain ?? "the certificate chain") and "
                + "\(dialect.settings?.privateKey ?? "the key") on this listener. Then \(dialect.reload).")
    }

    /// Old TLS versions allowed by the listener as written, or by the broker's default when it sets none.
    public static func versions(
        _ listener: BrokerConfiguration.TLSListener, label: String, dialect: BrokerDialect
    )
        -> [Finding]
    {
        let old: Set = ["tlsv1", "tlsv1.0", "tlsv1.1", "tlsv1_1", "tlsv1_0", "TLSv1", "TLSv1.1"]
        let allowed: String
        if let versions = listener.tlsVersions {
            let weak = versions.filter { old.contains($0) }
            guard !weak.isEmpty else { return [] }
            allowed = "it allows \(weak.joined(separator: ", "))"
        } else if dialect.defaultTLSVersions.includes("1.0") || dialect.defaultTLSVersions.includes("tlsv1,") {
            allowed = "it sets no TLS versions, and \(dialect.name) accepts \(dialect.defaultTLSVersions) by default"
        } else {
            return []
        }
        return [
            Finding(
                id: .weakTLSVersion, message: "\(label): \(allowed).",
                evidence: "TLS 1.0 and 1.1 are deprecated (RFC 8996)",
                fix: "Allow only TLS 1.2 and 1.3: \(dialect.settings?.tlsVersions ?? ""). Then \(dialect.reload).")
        ]
    }
}
