public import Foundation

/// The generated corpus of issue 10 item 6: at least 500 chains minted in-process, each with the verdict a strict
/// client must reach (`ChainCorpusRule`, derived by `ChainCorpusReference` from the generator's own model). Seeded
/// and deterministic: the same seed gives the same DER, byte for byte (ECDSA nonces are derived, not drawn).
public enum ChainCorpus {
    /// The seed of the committed table `TestChains/corpus-openssl-vs-strict.md`.
    public static let defaultSeed: UInt64 = 0x6368_6169_6E64_6F63

    /// The instant cases are judged at unless they test a validity boundary: the tests' fixed clock,
    /// 2026-06-01T00:00:00Z.
    public static let instant = Date(timeIntervalSince1970: 1_780_272_000)

    /// The corpus of `defaultSeed`, generated once per process.
    public static func standard() throws -> [ChainCorpusCase] {
        try cache.get()
    }

    /// A fresh generation.
    public static func generate(seed: UInt64 = defaultSeed) throws -> [ChainCorpusCase] {
        let builder = try ChainCorpusBuilder(seed: seed)
        try builder.addAllFamilies()
        return builder.cases
    }

    private static let cache = Result { try generate() }
}
