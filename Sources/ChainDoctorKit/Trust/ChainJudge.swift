import ChainDiagnostics
import Findings
import Foundation
import ProbeDiagnostics
import TLSProbe

/// The verify step of both commands: chaindoctor's analyzer and OpenSSL's X509_verify_cert on the same
/// chain, trust store, identity and instant, and a finding when the two disagree.
enum ChainJudge {
    struct Judgement {
        var chain: ChainAnalysis
        var openssl: OpenSSLVerdict?
        /// Why OpenSSL could not judge (an unreadable trust store), when it could not.
        var opensslError: String?
        var findings: [Finding]
        var verified: Bool { chain.acceptedByStandardClient && openssl?.isValid == true }
    }

    static func judge(
        presentedChain: [[UInt8]], trust: TrustStoreLoader.Loaded, identity: ServerIdentity?, at instant: Date,
        policy: ChainPolicy, intermediatePool: [ChainCertificate] = []
    ) -> Judgement {
        let chain = ChainAnalyzer(policy: policy).analyze(
            presentedChain: presentedChain, trustAnchors: trust.anchors, identity: identity, at: instant,
            intermediatePool: intermediatePool, unreadableAnchors: trust.unreadableAnchors)
        var judgement = Judgement(chain: chain, openssl: nil, opensslError: nil, findings: chain.findings)
        do {
            // Copies add nothing to OpenSSL's path building; decoding each costs it (d2i_X509 takes locks in 3.0).
            let openssl = try openSSLVerdict(
                DERKey.distinct(presentedChain), trust: trust, identity: identity, at: instant)
            judgement.openssl = openssl
            judgement.findings += VerdictAgreementRule.findings(chain: chain, openssl: openssl)
        } catch {
            judgement.opensslError = error.description
        }
        return judgement
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
