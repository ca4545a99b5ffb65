import ChainDiagnostics
import ClientFamilies
import ProbeDiagnostics
import Synchronization
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An audit's memory of the chains it has judged: brokers of one fleet usually serve the same chain, and judging it
/// again (the analyzer, OpenSSL's verdict, the strict validator) gives the same answer when the trust store, the
/// name dialled, the instant, the policy and the verdict basis are the same. Every entry of an audit is judged at
/// the audit's instant, so the key is exact, never approximate.
final class JudgementCache: Sendable {
    struct Key: Hashable, Sendable {
        var chain: [[UInt8]]
        var identity: String?
        var instant: Date
        var basis: VerdictBasis
        var warnDays: Int
        var critDays: Int
    }

    /// The client families' verdicts also depend on which families were asked and which TLS versions the broker
    /// accepted (a TLS 1.3-only broker locks out mbedTLS 2.x whatever its chain).
    struct ClientsKey: Hashable, Sendable {
        var judgement: Key
        var families: [ClientFamily]
        var acceptedVersions: [TLSProtocolVersion]?
    }

    private let entries = Mutex<[Key: ChainJudge.Judgement]>([:])
    private let clientEntries = Mutex<[ClientsKey: [ClientVerdict]]>([:])

    static func key(
        presentedChain: [[UInt8]], identity: ServerIdentity?, at instant: Date, policy: ChainPolicy,
        basis: VerdictBasis
    ) -> Key {
        Key(
            chain: presentedChain, identity: identity?.description, instant: instant, basis: basis,
            warnDays: policy.warnDays, critDays: policy.critDays)
    }

    func judgement(for key: Key, judge: () -> ChainJudge.Judgement) -> ChainJudge.Judgement {
        if let known = entries.withLock({ $0[key] }) { return known }
        let judged = judge()
        entries.withLock { $0[key] = judged }
        return judged
    }

    func clientVerdicts(for key: ClientsKey, judge: () -> [ClientVerdict]) -> [ClientVerdict] {
        if let known = clientEntries.withLock({ $0[key] }) { return known }
        let judged = judge()
        clientEntries.withLock { $0[key] = judged }
        return judged
    }
}
