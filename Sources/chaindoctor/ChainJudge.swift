import ChainDiagnostics
import Foundation
import Report
import TLSProbe

/// The verify step of both commands: chaindoctor's analyzer and OpenSSL's X509_verify_cert on the same
/// chain, trust store, identity and instant, and a finding when the two disagree.
enum ChainJudge {
    struct Judgement {
        var chain: ChainAnalysis
        var openssl: ProbeReport.OpenSSLVerdict?
        /// Why OpenSSL could not judge (an unreadable trust store), when it could not.
        var opensslError: String?
        var findings: [Finding]
        var verified: Bool { chain.acceptedByStandardClient && openssl?.verifyCode == 0 }
    }

    static func judge(
        presentedChain: [[UInt8]], trust: TrustStoreLoader.Loaded, identity: ServerIdentity?, at instant: Date,
        policy: ChainPolicy, intermediatePool: [ChainCertificate] = []
    ) -> Judgement {
        let chain = ChainAnalyzer(policy: policy).analyze(
            presentedChain: presentedChain, trustAnchors: trust.anchors, identity: identity, at: instant,
            intermediatePool: intermediatePool)
        var judgement = Judgement(chain: chain, openssl: nil, opensslError: nil, findings: chain.findings)
        do {
            // Copies add nothing to OpenSSL's path building; decoding each costs it (d2i_X509 takes locks in 3.0).
            let verdict = try OpenSSLVerifier.verify(
                presentedChain: DERKey.distinct(presentedChain), trustStore: trust.source,
                hostname: { if case .dnsName(let name) = identity { return name } else { return nil } }(),
                ipAddress: { if case .ipAddress = identity { return identity?.description } else { return nil } }(),
                atUnixTime: Int64(instant.timeIntervalSince1970.rounded(.down)))
            let openssl = ProbeReport.OpenSSLVerdict(
                verifyCode: Int(verdict.code), verifyError: verdict.text, depth: Int(verdict.depth),
                problems: verdict.problems.map { .init(code: Int($0.code), error: $0.text, depth: Int($0.depth)) })
            judgement.openssl = openssl
            judgement.findings += ProbeFindings.agreement(chain: chain, openssl: openssl)
        } catch {
            judgement.opensslError = error.description
        }
        return judgement
    }
}
