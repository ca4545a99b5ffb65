import ChainDiagnostics
import ClientFamilies
import Findings
import ProbeDiagnostics
import Report
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The verify step of both commands: chaindoctor's analyzer, OpenSSL's X509_verify_cert and the strict validator on
/// the same chain, trust store, identity and instant; the findings explain every rejection of either verdict.
enum ChainJudge {
    struct Judgement: Sendable {
        var chain: ChainAnalysis
        var openssl: OpenSSLVerdict?
        /// RFC 5280 and Web PKI rules with backtracking, as Go, Java and rustls validate.
        var strict: StrictVerdict
        /// Why OpenSSL could not judge (an unreadable trust store), when it could not.
        var opensslError: String?
        var findings: [Finding]
        /// The trust store as judged: for a `--capath`, the CAs looked up for this chain (`Loaded.forChain`), which
        /// the client families' verdicts then use without reading the directory again.
        var trust: TrustStoreLoader.Loaded
        /// The presented certificates, parsed once for the analyzer, the strict validator and the client families.
        var parses: CertificateParses
        /// What chaindoctor's own MQTT client, an OpenSSL client, makes of the chain: OpenSSL's verdict.
        var verified: Bool { openssl?.isValid == true }
    }

    static func judge(
        presentedChain: [[UInt8]], trust: TrustStoreLoader.Loaded, identity: ServerIdentity?, at instant: Date,
        policy: ChainPolicy, intermediatePool: [ChainCertificate] = [], basis: VerdictBasis = .both
    ) -> Judgement {
        let trust = trust.forChain(presentedChain, pool: intermediatePool)
        let parses = CertificateParses(presentedChain)
        let chain = ChainAnalyzer(policy: policy).analyze(
            presentedChain: presentedChain, trustAnchors: trust.anchors, identity: identity, at: instant,
            intermediatePool: intermediatePool, unreadableAnchors: trust.unreadableAnchors,
            trustStoreSize: trust.isLookedUp ? trust.summary.anchorCount : nil, parses: parses)
        let strict = StrictValidator(policy: policy).validate(
            presentedChain: presentedChain,
            trustAnchors: trust.anchorSet, identity: identity, at: instant, parses: parses)
        var judgement = Judgement(
            chain: chain, openssl: nil, strict: strict, opensslError: nil, findings: chain.findings, trust: trust,
            parses: parses)
        do {
            // Copies add nothing to OpenSSL's path building; decoding each costs it (d2i_X509 takes locks in 3.0).
            judgement.openssl = try openSSLVerdict(
                DERKey.distinct(presentedChain), trust: trust, identity: identity, at: instant)
        } catch {
            judgement.opensslError = error.description
        }
        var identityIsIP = false
        if case .ipAddress = identity { identityIsIP = true }
        judgement.findings = TwoVerdictsRule.findings(
            analyzer: chain.findings, openssl: judgement.openssl, strict: strict, basis: basis,
            identityIsIP: identityIsIP)
        // A --capath whose CA is there under another name: why the client does not find it, and the one command.
        if !judgement.verified, !trust.unfoundIssuers.isEmpty, let directory = trust.hashedDirectory {
            judgement.findings += FileRules.caPathNotRehashed(
                directory: directory.path,
                misfiled: directory.misfiled(trust.unfoundIssuers).map {
                    (
                        subject: $0.subject.text, file: $0.file, hashName: $0.hashName,
                        fileNamedLikeAHash: TrustStoreLoader.isHashedName($0.file)
                    )
                })
        }
        return judgement
    }

    /// Each selected client family's verdict on the judged chain (against the trust store and with the parsed
    /// certificates of its `judgement`), with the handshake facts the probe saw, and the findings they add to
    /// `report`.
    static func judgeClients(
        _ families: [ClientFamily], presentedChain: [[UInt8]], judgement: Judgement,
        identity: ServerIdentity?, at instant: Date, policy: ChainPolicy, acceptedVersions: [TLSProtocolVersion]?,
        cache: JudgementCache? = nil, basis: VerdictBasis = .both, into report: inout ProbeReport
    ) {
        guard !presentedChain.isEmpty, !families.isEmpty else { return }
        let openssl = report.openssl
        let judge = {
            let trust = judgement.trust.forChain(presentedChain)
            return ClientJudge(families: families, policy: policy).judge(
                presentedChain: presentedChain, trustAnchors: trust.anchorSet, identity: identity, at: instant,
                openssl: openssl, acceptedVersions: acceptedVersions, parses: judgement.parses)
        }
        // In an audit, brokers serving the same chain at the same instant get the same verdicts: the OpenSSL verdict
        // they depend on is itself a function of the judgement key.
        let verdicts =
            cache.map { cache in
                cache.clientVerdicts(
                    for: .init(
                        judgement: JudgementCache.key(
                            presentedChain: presentedChain, identity: identity, at: instant, policy: policy,
                            basis: basis),
                        families: families, acceptedVersions: acceptedVersions), judge: judge)
            } ?? judge()
        let size = CertificateMessage.size(of: presentedChain)
        report.certificateMessageBytes = size
        let added = ClientFamiliesRule.findings(
            verdicts, opensslAccepts: report.openssl?.isValid, certificateMessageBytes: size)
        report.findings += added
        if added.contains(where: { $0.severity >= .warning }) { report.findings.removeAll { $0.id == .chainValid } }
        report.clients = ClientFamiliesRule.withOpenSSLFix(verdicts, findings: report.findings)
    }

    /// X509_verify_cert on a chain, as an OpenSSL client that dialled `identity` would run it at `instant`.
    static func openSSLVerdict(
        _ chain: [[UInt8]], trust: TrustStoreLoader.Loaded, identity: ServerIdentity?, at instant: Date
    ) throws(TLSProbeError) -> OpenSSLVerdict {
        var hostname: String?
        var ipAddress: String?
        switch identity {
        case .dnsName(let name): hostname = name
        case .ipAddress: ipAddress = identity?.description
        case nil: break
        }
        return try OpenSSLVerifier.verify(
            presentedChain: chain, trustStore: trust.source, hostname: hostname, ipAddress: ipAddress,
            atUnixTime: Int64(instant.timeIntervalSince1970.rounded(.down)))
    }
}
