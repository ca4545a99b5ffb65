public import Findings

/// The analyzer's answer: the chain as presented, the path a client would build, the findings, the verdict.
public struct ChainAnalysis: Sendable, Equatable {
    /// Every presented certificate that parsed, in the order the broker sent them.
    public var presentedChain: [CertificateSummary]
    /// The path from the leaf to a trusted root, when one exists (leaf first, trust anchor last).
    public var verifiedChain: [CertificateSummary]?
    /// The path as far as it could be built, leaf first (equal to `verifiedChain` when it is trusted).
    public var builtPath: [CertificateSummary]
    /// Sorted worst first.
    public var findings: [Finding]

    public init(
        presentedChain: [CertificateSummary], verifiedChain: [CertificateSummary]?, builtPath: [CertificateSummary],
        findings: [Finding]
    ) {
        self.presentedChain = presentedChain
        self.verifiedChain = verifiedChain
        self.builtPath = builtPath
        self.findings = findings
    }

    /// Would a standard OpenSSL-based client (default verification, host name checking) accept this broker?
    /// `critical` is exactly the severity of what such a client rejects now (see `Severity`).
    public var acceptedByStandardClient: Bool {
        !findings.contains { $0.severity == .critical }
    }

    /// The worst severity among the findings (`ok` when there are none).
    public var worstSeverity: Severity {
        findings.map(\.severity).max() ?? .ok
    }
}
