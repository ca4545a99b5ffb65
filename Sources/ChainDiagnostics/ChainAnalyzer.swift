public import Foundation
import X509

/// Judges a presented chain against the client's trust anchors, the identity it dials, and a clock.
///
/// Pure: certificates, identity, clock and policy in; findings out. It never opens a socket and never reads
/// the system clock, so every fixture gives the same answer every time.
public struct ChainAnalyzer: Sendable {
    public var policy: ChainPolicy

    public init(policy: ChainPolicy = ChainPolicy()) {
        self.policy = policy
    }

    /// - Parameters:
    ///   - presentedChain: DER certificates in the order the broker sent them (leaf first).
    ///   - trustAnchors: the certificates the client trusts (its cafile, capath or the system store).
    ///   - identity: the host name or IP address the client checks; nil skips the identity check.
    ///   - now: the moment to judge validity at.
    public func analyze(
        presentedChain: [[UInt8]], trustAnchors: [ChainCertificate], identity: ServerIdentity?, at now: Date
    ) -> ChainAnalysis {
        var findings: [Finding] = []
        var parsed: [(index: Int, certificate: ChainCertificate)] = []
        for (index, der) in presentedChain.enumerated() {
            do {
                parsed.append((index, try ChainCertificate(der: der)))
            } catch {
                findings.append(
                    Finding(
                        id: .unparseableCertificate, severity: index == 0 ? .critical : .warning,
                        certificates: [CertificateReference(presentedIndex: index, subject: "?")],
                        message: "Certificate \(index) sent by the broker does not parse as X.509.",
                        evidence: "\(der.count) bytes; \(CertificateBundle.short(error))",
                        fix: "Check the broker's certfile: every block must be a complete PEM certificate."))
            }
        }
        let summaries = parsed.map { CertificateSummary($0.certificate, presentedIndex: $0.index, now: now) }
        guard let leafEntry = parsed.first, leafEntry.index == 0 else {
            if presentedChain.isEmpty {
                findings.append(
                    Finding(id: .unparseableCertificate, severity: .critical, message: "The broker presented no certificate.",
                            evidence: "empty Certificate message", fix: "Configure certfile and keyfile on the TLS listener."))
            }
            return ChainAnalysis(presentedChain: summaries, verifiedChain: nil, builtPath: [], findings: sorted(findings))
        }

        // Presented certificates keep their index even when an unparseable one sits between them.
        let presented = parsed.map(\.certificate)
        let indexMap = parsed.map(\.index)
        let builder = PathBuilder(presented: presented, anchors: trustAnchors, now: now)
        guard let rawPath = builder.build() else {
            return ChainAnalysis(presentedChain: summaries, verifiedChain: nil, builtPath: [], findings: sorted(findings))
        }
        let path = rawPath.nodes.map { node -> (certificate: ChainCertificate, presentedIndex: Int?, anchor: Bool) in
            (node.certificate, node.presentedIndex.map { indexMap[$0] }, node.isTrustAnchor)
        }
        let context = ChainCheckContext(
            path: path, end: rawPath.end, presented: parsed, anchors: trustAnchors, identity: identity, now: now,
            policy: policy)

        findings += context.trustFindings()
        findings += context.orderFindings()
        findings += context.validityFindings()
        findings += context.identityFindings()

        let builtPath = path.map { CertificateSummary($0.certificate, presentedIndex: $0.presentedIndex, now: now) }
        if !findings.contains(where: { $0.severity >= .warning }) && rawPath.isTrusted {
            findings.append(
                Finding(
                    id: .chainValid, severity: .ok,
                    certificates: path.map { context.reference($0.certificate, $0.presentedIndex) },
                    message: "The chain verifies up to a trusted root\(identity.map { " and names \($0)" } ?? "").",
                    evidence: path.map { $0.certificate.displayName }.joined(separator: " → "), fix: ""))
        }
        return ChainAnalysis(
            presentedChain: summaries, verifiedChain: rawPath.isTrusted ? builtPath : nil, builtPath: builtPath,
            findings: sorted(findings))
    }

    private func sorted(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { lhs, rhs in
            lhs.element.severity != rhs.element.severity ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
