import Foundation

/// Mints the corpus, family by family (`ChainCorpusBuilder+Families.swift`): shared roots, fresh keys and
/// certificates, presentation orders, and each case checked against the family's intended verdict.
final class ChainCorpusBuilder {
    /// How a server presents a chain; the leaf always comes first.
    enum Presentation: String, CaseIterable {
        case inOrder = "in_order"
        /// The issuers top-down: the root-most intermediate right after the leaf.
        case reversed
        case shuffled
        /// In order, followed by the trust anchor itself.
        case withAnchor = "with_anchor"
        /// In order, with one issuer sent twice.
        case withDuplicate = "with_duplicate"
        /// In order, followed by a CA certificate that issued nothing here.
        case withUnrelated = "with_unrelated"
    }

    private(set) var cases: [ChainCorpusCase] = []
    private var generator: SeededGenerator
    private var serial: UInt64 = 0
    private var keyCount = 0
    private var names = Set<String>()

    let rsaRootKey: ChainCorpusKey
    let rsaIntermediateKey: ChainCorpusKey
    let rsaOtherKey: ChainCorpusKey
    let rsaWeakKey: ChainCorpusKey
    /// The usual trust anchor (P-256).
    private(set) var rootA: ChainCorpusCertificate!
    /// A root the client usually does not trust (P-256).
    private(set) var rootB: ChainCorpusCertificate!
    /// An RSA-2048 root.
    private(set) var rootRSA: ChainCorpusCertificate!
    /// A CA under rootB that issues nothing in the corpus.
    private(set) var unrelated: ChainCorpusCertificate!

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static let caNotBefore = date("2024-01-01T00:00:00Z")
    static let caNotAfter = date("2060-01-01T00:00:00Z")
    static let leafNotBefore = date("2025-01-01T00:00:00Z")
    static let leafNotAfter = date("2030-01-01T00:00:00Z")
    static let host = "broker.example.com"

    init(seed: UInt64) throws {
        generator = SeededGenerator(seed: seed)
        rsaRootKey = try ChainCorpusKey.rsa(testChainsFile: "ca/root.key", identifier: "rsa-root")
        rsaIntermediateKey = try ChainCorpusKey.rsa(
            testChainsFile: "ca/intermediate.key", identifier: "rsa-intermediate")
        rsaOtherKey = try ChainCorpusKey.rsa(testChainsFile: "ca/other-root.key", identifier: "rsa-other")
        rsaWeakKey = try ChainCorpusKey.rsa(testChainsFile: "weak-key/broker.key", identifier: "rsa-1024")
        rootA = try root("Corpus Root A")
        rootB = try root("Corpus Root B")
        rootRSA = try root("Corpus RSA Root", key: rsaRootKey)
        unrelated = try intermediate("Corpus Unrelated CA", issuer: rootB)
    }

    func p256() throws -> ChainCorpusKey {
        keyCount += 1
        return try ChainCorpusKey.p256(&generator, identifier: "p256-\(keyCount)")
    }

    func p384() throws -> ChainCorpusKey {
        keyCount += 1
        return try ChainCorpusKey.p384(&generator, identifier: "p384-\(keyCount)")
    }

    /// A certificate as the Web PKI makes it, before `configure` changes what the case is about.
    func certificate(
        _ name: String, key: ChainCorpusKey, issuerName: String, issuerKey: ChainCorpusKey, isCA: Bool,
        configure: (inout ChainCorpusCertificate) -> Void = { _ in }
    ) throws -> ChainCorpusCertificate {
        serial += 1
        var certificate = ChainCorpusCertificate(
            name: name, issuerName: issuerName, key: key, issuerKey: issuerKey, serial: 0x1000 + serial,
            notBefore: isCA ? Self.caNotBefore : Self.leafNotBefore,
            notAfter: isCA ? Self.caNotAfter : Self.leafNotAfter,
            authority: isCA ? .ca(pathLength: nil) : .notCA, usage: isCA ? .ca : .leaf,
            purposes: isCA ? nil : [.serverAuth], alternativeNames: isCA ? nil : [.dns(name)], constraints: nil,
            signature: issuerKey.kind == .p256 ? .ecdsaSHA256 : .rsaSHA256)
        configure(&certificate)
        try certificate.mint()
        return certificate
    }

    func root(
        _ name: String, key: ChainCorpusKey? = nil, configure: (inout ChainCorpusCertificate) -> Void = { _ in }
    ) throws -> ChainCorpusCertificate {
        let key = try key ?? p256()
        return try certificate(name, key: key, issuerName: name, issuerKey: key, isCA: true, configure: configure)
    }

    func intermediate(
        _ name: String, key: ChainCorpusKey? = nil, issuer: ChainCorpusCertificate,
        configure: (inout ChainCorpusCertificate) -> Void = { _ in }
    ) throws -> ChainCorpusCertificate {
        try certificate(
            name, key: key ?? p256(), issuerName: issuer.name, issuerKey: issuer.key, isCA: true,
            configure: configure)
    }

    func leaf(
        _ name: String = host, key: ChainCorpusKey? = nil, issuer: ChainCorpusCertificate,
        configure: (inout ChainCorpusCertificate) -> Void = { _ in }
    ) throws -> ChainCorpusCertificate {
        try certificate(
            name, key: key ?? p256(), issuerName: issuer.name, issuerKey: issuer.key, isCA: false,
            configure: configure)
    }

    /// `count` intermediates under `root`, returned leaf-side first (the first is the leaf's issuer).
    func intermediates(
        _ count: Int, under root: ChainCorpusCertificate, label: String
    ) throws
        -> [ChainCorpusCertificate]
    {
        var chain: [ChainCorpusCertificate] = []
        var issuer = root
        for level in 0..<count {
            issuer = try intermediate("Corpus \(label) CA \(level + 1)", issuer: issuer)
            chain.insert(issuer, at: 0)
        }
        return chain
    }

    /// Fisher–Yates over the seeded generator (not the standard library's shuffle, whose algorithm may change).
    func shuffle<T>(_ items: [T]) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        return items
    }

    /// What the server sends for `leaf` and its issuers (leaf-side first).
    func present(
        _ leaf: ChainCorpusCertificate, _ issuers: [ChainCorpusCertificate], anchor: ChainCorpusCertificate,
        _ presentation: Presentation
    ) -> [ChainCorpusCertificate] {
        switch presentation {
        case .inOrder: [leaf] + issuers
        case .reversed: [leaf] + issuers.reversed()
        case .shuffled: [leaf] + shuffle(issuers)
        case .withAnchor: [leaf] + issuers + [anchor]
        case .withDuplicate:
            issuers.isEmpty
                ? [leaf, leaf] : [leaf] + issuers + [issuers[Int(generator.next() % UInt64(issuers.count))]]
        case .withUnrelated: [leaf] + issuers + [unrelated]
        }
    }

    /// Adds a case after deriving its verdict from the rules; `intended` is what the family meant to build, and a
    /// difference is a bug of the generator, reported at once.
    func add(
        _ name: String, presented: [ChainCorpusCertificate], anchors: [ChainCorpusCertificate],
        identity: String = host, instant: Date = ChainCorpus.instant, intended: ChainCorpusRule?,
        exercises: ChainCorpusRule? = nil
    ) throws {
        guard names.insert(name).inserted else { throw TestSupportError("duplicate corpus case name \(name)") }
        let rule: ChainCorpusRule?
        do {
            rule = try ChainCorpusReference.judge(
                presented: presented, anchors: anchors, identity: identity, instant: instant)
        } catch {
            throw TestSupportError("\(name): \(error)")
        }
        guard rule == intended else {
            throw TestSupportError(
                "\(name): the rules give \(rule?.rawValue ?? "accept"), the family meant \(intended?.rawValue ?? "accept")"
            )
        }
        cases.append(
            ChainCorpusCase(
                name: name, presentedChain: presented.map(\.der), trustAnchors: anchors.map(\.der),
                identity: identity, instant: instant, expectedStrict: rule == nil, expectedRule: rule?.rawValue,
                exercisedRule: (rule ?? exercises ?? Self.exercisedRule(name)).rawValue))
    }

    /// The rule an accepted case of a family comes close to, unless the case says.
    static func exercisedRule(_ name: String) -> ChainCorpusRule {
        let family = String(name.prefix { $0 != "/" })
        if let rule = ChainCorpusRule(rawValue: family) { return rule }
        switch family {
        case "key_size": return .weakKey
        case "signature_algorithm": return .weakSignature
        case "validity": return name.contains("not_before") ? .notYetValid : .expired
        case "identity": return name.contains("/cn_") ? .subjectAltNameMissing : .hostname
        default: return .noPath
        }
    }
}
