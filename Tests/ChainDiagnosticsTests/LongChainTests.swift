import ChainDiagnostics
import Foundation
import TLSProbe
import Testing

@testable import TestSupport

/// Chains far longer than any broker sends, up to OpenSSL's default verify depth: the analyzer's verdict and
/// findings agree with OpenSSL's, in the order sent and reversed (OpenSSL reorders), and nothing sent is called
/// missing.
@Suite(.timeLimit(.minutes(10))) struct LongChainTests {
    @Test(arguments: [11, 14, 40, 99])
    func longChainsGetOpenSSLsVerdict(intermediates count: Int) throws {
        let builder = try ChainCorpusBuilder(seed: UInt64(count))
        let issuers = try builder.intermediates(count, under: builder.rootA, label: "Long \(count)")
        let leaf = try builder.leaf(issuer: issuers.first!)
        for presented in [[leaf] + issuers, [leaf] + issuers.reversed()] {
            let chain = presented.map(\.der)
            let anchors = [builder.rootA.der]
            let openssl = try OpenSSLVerifier.verify(
                presentedChain: chain, trustStore: .certificates(file: "root", der: anchors),
                hostname: ChainCorpusBuilder.host, ipAddress: nil,
                atUnixTime: Int64(ChainCorpus.instant.timeIntervalSince1970))
            #expect(openssl.isValid, "OpenSSL: \(openssl.code) \(openssl.text)")
            let analysis = ChainAnalyzer().analyze(
                presentedChain: chain, trustAnchors: anchors.compactMap { try? ChainCertificate(der: $0) },
                identity: .dnsName(ChainCorpusBuilder.host), at: ChainCorpus.instant)
            let ids = analysis.findings.map(\.id.rawValue)
            #expect(analysis.acceptedByStandardClient == openssl.isValid, "\(count) intermediates: \(ids)")
            #expect(!ids.contains("missing_intermediate") && !ids.contains("untrusted_root"), "\(ids)")
            #expect(analysis.verifiedChain?.count == count + 2, "leaf, \(count) intermediates, root")
        }
    }
}
