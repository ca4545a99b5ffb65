public import Foundation

/// One chain of the generated corpus, as a server would present it, with the verdict a strict client must reach.
public struct ChainCorpusCase: Sendable, CustomStringConvertible {
    /// `family/variant/presentation`, unique in the corpus.
    public var name: String
    /// DER, leaf first, in the order the server sends them (possibly reversed, shuffled, with gaps, duplicates,
    /// unrelated certificates or the anchor itself).
    public var presentedChain: [[UInt8]]
    /// DER of the certificates the client trusts.
    public var trustAnchors: [[UInt8]]
    /// The DNS name or IP address text the client dialled.
    public var identity: String
    /// The instant the chain is judged at.
    public var instant: Date
    /// Whether a strict client accepts the chain, from the rules of `ChainCorpusRule`.
    public var expectedStrict: Bool
    /// Why it rejects (a `ChainCorpusRule` raw value); nil when it accepts.
    public var expectedRule: String?
    /// The rule the case probes, whether it trips it or passes near it (a `ChainCorpusRule` raw value): equal to
    /// `expectedRule` for a rejection; for an acceptance, the rule it comes close to (notAfter exactly at the instant
    /// exercises `expired`; a self-issued CA under pathLen 0 exercises `path_length`).
    public var exercisedRule: String

    /// The family part of `name` (`cross_signed`, `name_constraints`, ...).
    public var family: String { String(name.prefix { $0 != "/" }) }
    /// Whether `identity` is an IP address (IPv4 dotted quad or IPv6 text) rather than a DNS name.
    public var identityIsIPAddress: Bool { ChainCorpusReference.ipAddress(identity) != nil }

    public var description: String { name }
}
