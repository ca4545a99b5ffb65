import Findings
import X509

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

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
    ///   - intermediatePool: intermediates the user has at hand (`check --intermediates`); a path through
    ///     them is reported as the intermediates the broker should send, never as trusted as it stands.
    ///   - trustStoreSize: when `trustAnchors` are only the CAs a lookup by name found in a larger store (an OpenSSL
    ///     hashed directory), how many certificates that store holds, for the evidence to describe it.
    public func analyze(
        presentedChain: [[UInt8]], trustAnchors: [ChainCertificate], identity: ServerIdentity?, at now: Date,
        intermediatePool: [ChainCertificate] = [], unreadableAnchors: [[UInt8]] = [], trustStoreSize: Int? = nil,
        parses: CertificateParses = CertificateParses()
    ) -> ChainAnalysis {
        var findings: [Finding] = []
        var parsed: [(index: Int, certificate: ChainCertificate)] = []
        var summaries: [CertificateSummary] = []
        // Findings about presented certificates other than the leaf that could not be read, by position in
        // `findings`: a trusted path without them makes them extra, not fatal.
        var unparsedBelowLeaf: [Int] = []
        var unreadablePresented: [(index: Int, certificate: UnparseableCertificate)] = []
        // A certificate sent many times is parsed and summarised once (a bundle of thousands stays cheap).
        var known: [DERKey: (certificate: ChainCertificate, summary: CertificateSummary)] = [:]
        for (index, der) in presentedChain.enumerated() {
            if let seen = known[DERKey(der)] {
                parsed.append((index, seen.certificate))
                var summary = seen.summary
                summary.presentedIndex = index
                summaries.append(summary)
                continue
            }
            do {
                let certificate = try ChainCertificate(der: der, parses: parses)
                let summary = CertificateSummary(certificate, presentedIndex: index, now: now)
                known[DERKey(der)] = (certificate, summary)
                parsed.append((index, certificate))
                summaries.append(summary)
            } catch {
                if index > 0 { unparsedBelowLeaf.append(findings.count) }
                unreadablePresented.append((index, UnparseableCertificate(der: der)))
                findings.append(Self.unparseable(der, index: index, error: error, policy: policy))
                // A certificate swift-certificates refuses (a weak key) is still shown where it was presented.
                if let summary = CertificateSummary(
                    unparsed: der, diagnosis: UnparseableCertificate(der: der), presentedIndex: index, now: now)
                {
                    summaries.append(summary)
                }
            }
        }
        guard let leafEntry = parsed.first, leafEntry.index == 0 else {
            if presentedChain.isEmpty {
                findings.append(
                    Finding(
                        id: .unparseableCertificate, severity: .critical,
                        message: "The broker presented no certificate.",
                        evidence: "empty Certificate message",
                        fix: "Configure certfile and keyfile on the TLS listener."))
            }
            return ChainAnalysis(
                presentedChain: summaries, verifiedChain: nil, builtPath: [], findings: findings.sortedWorstFirst())
        }

        // Presented certificates keep their index even when an unparseable one sits between them.
        let indexMap = parsed.map(\.index)
        func paths(pool: [ChainCertificate]) -> [PathBuilder.Path] {
            PathBuilder(presented: parsed.map(\.certificate), anchors: trustAnchors, pool: pool, now: now).allPaths()
                .map { path in
                    PathBuilder.Path(
                        nodes: path.nodes.map { node in
                            var node = node
                            node.presentedIndex = node.presentedIndex.map { indexMap[$0] }
                            return node
                        },
                        end: path.end)
                }
        }
        // The client's view: what it is sent and what it trusts.
        let clientPaths = paths(pool: [])
        guard var chosen = PathBuilder.choose(from: clientPaths) else {
            return ChainAnalysis(
                presentedChain: summaries, verifiedChain: nil, builtPath: [], findings: findings.sortedWorstFirst())
        }
        var alternatives = clientPaths.filter { $0 != chosen }
        // When that fails and the user's pool of intermediates completes a trusted path, the diagnosis is the
        // intermediates the broker should send, and that path is the one to serve (`check --repair`).
        if !chosen.isTrusted, !intermediatePool.isEmpty,
            let completed = paths(pool: intermediatePool).first(where: \.isTrusted)
        {
            chosen = completed
            alternatives = []
        }
        if chosen.isTrusted {
            for position in unparsedBelowLeaf {
                findings[position].severity = .warning
                findings[position].evidence += "; not on the path clients build: it verifies without this certificate"
            }
        }
        let context = ChainCheckContext(
            path: chosen.nodes, end: chosen.end, alternatives: alternatives, presented: parsed,
            unreadablePresented: unreadablePresented, anchors: trustAnchors,
            unreadableAnchors: unreadableAnchors.map(UnparseableCertificate.init(der:)), trustStoreSize: trustStoreSize,
            identity: identity, now: now, policy: policy)

        findings += context.trustFindings()
        findings += context.signatureFindings()
        findings += context.constraintFindings()
        findings += context.validityFindings()
        findings += context.identityFindings()
        findings += context.usageFindings()
        findings += context.orderFindings()
        findings += context.presentationFindings()
        findings += context.alternativePathFindings()

        // A presented certificate on the path was summarised above: only the anchor and pool certificates are new.
        let builtPath = chosen.nodes.map { node in
            var summary =
                known[DERKey(node.certificate.der)]?.summary
                ?? CertificateSummary(node.certificate, presentedIndex: node.presentedIndex, now: now)
            summary.presentedIndex = node.presentedIndex
            summary.fromIntermediates = node.fromPool
            return summary
        }
        if !findings.contains(where: { $0.severity >= .warning }) && chosen.isTrusted {
            findings.append(
                Finding(
                    id: .chainValid, severity: .ok,
                    certificates: chosen.nodes.map { context.reference($0) },
                    message: "The chain verifies up to a trusted root\(identity.map { " and names \($0)" } ?? "").",
                    evidence: chosen.nodes.map { $0.certificate.displayName }.joined(separator: " → "), fix: ""))
        }
        return ChainAnalysis(
            presentedChain: summaries, verifiedChain: chosen.isTrusted ? builtPath : nil, builtPath: builtPath,
            findings: findings.sortedWorstFirst())
    }

    /// A presented certificate swift-certificates refused: a weak key when that is why, else unparseable.
    static func unparseable(_ der: [UInt8], index: Int, error: any Error, policy: ChainPolicy) -> Finding {
        let diagnosis = UnparseableCertificate(der: der)
        let subject = diagnosis.subject ?? "?"
        let reference = [CertificateReference(presentedIndex: index, subject: subject)]
        let role = index == 0 ? "the broker's certificate" : "certificate \(index)"
        switch diagnosis.reason {
        case .weakRSAKey(let bits):
            let size = bits.map { "\($0)-bit" } ?? "sub-1024-bit"
            return Finding(
                id: .weakKey, severity: .critical, certificates: reference,
                message: "Certificate \(index) ('\(subject)') has a \(size) RSA key; OpenSSL clients at the default "
                    + "security level reject it (\(index == 0 ? "\"ee key too small\"" : "\"ca key too small\"")).",
                evidence:
                    "RSA \(bits.map(String.init) ?? "< 1024") bits; minimum \(policy.minimumRSABits) (OpenSSL security level 2)",
                fix: "Re-issue \(role) with an RSA key of at least \(policy.minimumRSABits) bits or an EC P-256 key "
                    + "(openssl req -newkey rsa:\(policy.minimumRSABits) ... or -newkey ec -pkeyopt ec_paramgen_curve:P-256), "
                    + "then replace certfile and keyfile.")
        case .weakECKey(let curve, let bits):
            let weak = bits.map { $0 < policy.minimumECBits } ?? true
            return Finding(
                id: .weakKey, severity: .critical, certificates: reference,
                message: "Certificate \(index) ('\(subject)') has an EC key on curve \(curve), which "
                    + (weak ? "is weaker than P-256 and " : "") + "TLS clients do not accept.",
                evidence:
                    "EC curve \(curve)\(bits.map { ", \($0) bits" } ?? ""); clients accept P-256, P-384 and P-521 "
                    + "(minimum \(policy.minimumECBits) bits)",
                fix: "Re-issue \(role) with an EC P-256 key (openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256) "
                    + "or RSA of at least \(policy.minimumRSABits) bits, then replace certfile and keyfile.")
        case .unsupportedKey(let algorithm):
            return Finding(
                id: .weakKey, severity: .critical, certificates: reference,
                message:
                    "Certificate \(index) ('\(subject)') uses a key type TLS clients do not support (\(algorithm)).",
                evidence: "public key algorithm \(algorithm)",
                fix: "Re-issue \(role) with an RSA (2048 bits or more) or EC P-256/P-384 key.")
        case .refusedOtherwise(let algorithm, let bits, let curve):
            let key = [algorithm, curve ?? bits.map(String.init)].compactMap { $0 }.joined(separator: " ")
            return Finding(
                id: .unparseableCertificate, severity: index == 0 ? .critical : .warning, certificates: reference,
                message: "Certificate \(index) ('\(subject)') is not one chaindoctor's X.509 parser accepts; its key "
                    + "(\(key)) is not the reason.",
                evidence: "\(der.count) bytes; \(CertificateBundle.short(error)); OpenSSL's verdict below reads it",
                fix: "Compare with OpenSSL's verdict: if OpenSSL clients accept the chain, the certificate uses an "
                    + "encoding only some clients take; re-issue it from a current CA to be read by all.")
        case .malformed:
            return Finding(
                id: .unparseableCertificate, severity: index == 0 ? .critical : .warning, certificates: reference,
                message: "Certificate \(index) of the chain does not parse as X.509.",
                evidence: "\(der.count) bytes; \(CertificateBundle.short(error))",
                fix: "Check the broker's certfile: every certificate must be complete (a PEM block from BEGIN to END, "
                    + "or a whole DER file); re-export it from the CA.")
        }
    }
}
