import Foundation

/// The families of the corpus. Each case names the rule it is meant to exercise; `add` re-derives the verdict from
/// `ChainCorpusReference` and refuses a case where the two differ.
extension ChainCorpusBuilder {
    typealias Certificate = ChainCorpusCertificate

    func addAllFamilies() throws {
        try chainLengths()
        try missingLinks()
        try untrustedRoots()
        try crossSigned()
        try nameConstraints()
        try pathLengths()
        try usages()
        try keysAndSignatures()
        try validityBoundaries()
        try identities()
    }

    /// Healthy chains of 0 to 10 intermediates, in every presentation.
    func chainLengths() throws {
        for length in [0, 1, 2, 3, 4, 6, 8, 10] {
            let issuers = try intermediates(length, under: rootA, label: "Length \(length)")
            let leaf = try leaf(issuer: issuers.first ?? rootA)
            for presentation in Presentation.allCases {
                try add(
                    "chain/\(length)_intermediates/\(presentation.rawValue)",
                    presented: present(leaf, issuers, anchor: rootA, presentation), anchors: [rootA], intended: nil)
            }
        }
    }

    /// One issuer left out: no path, whatever else is sent.
    func missingLinks() throws {
        for length in [1, 2, 3, 5, 10] {
            let issuers = try intermediates(length, under: rootA, label: "Gap \(length)")
            let leaf = try leaf(issuer: issuers[0])
            for missing in Set([0, length / 2, length - 1]).sorted() {
                var gapped = issuers
                gapped.remove(at: missing)
                for presentation in [Presentation.inOrder, .reversed, .shuffled, .withAnchor] {
                    try add(
                        "missing_link/\(length)_intermediates_without_\(missing)/\(presentation.rawValue)",
                        presented: present(leaf, gapped, anchor: rootA, presentation), anchors: [rootA],
                        intended: .noPath)
                }
            }
        }
    }

    /// A chain to a root the client does not trust; a self-signed leaf; an intermediate trusted directly (RFC 5280
    /// §6.1.1(d): any CA may be the anchor).
    func untrustedRoots() throws {
        for length in [0, 1, 3] {
            let issuers = try intermediates(length, under: rootA, label: "Untrusted \(length)")
            let leaf = try leaf(issuer: issuers.first ?? rootA)
            for presentation in [Presentation.inOrder, .shuffled, .withAnchor] {
                try add(
                    "untrusted_root/\(length)_intermediates/\(presentation.rawValue)",
                    presented: present(leaf, issuers, anchor: rootA, presentation), anchors: [rootB],
                    intended: .noPath)
            }
        }
        let key = try p256()
        let selfSigned = try certificate(
            Self.host, key: key, issuerName: Self.host, issuerKey: key, isCA: false)
        for presentation in [Presentation.inOrder, .withUnrelated] {
            try add(
                "untrusted_root/self_signed_leaf/\(presentation.rawValue)",
                presented: present(selfSigned, [], anchor: rootA, presentation), anchors: [rootA], intended: .noPath)
        }
        let issuers = try intermediates(2, under: rootA, label: "Partial")
        let leaf = try leaf(issuer: issuers[0])
        for (label, anchor) in [("issuing", issuers[0]), ("upper", issuers[1])] {
            for presentation in [Presentation.inOrder, .reversed] {
                try add(
                    "untrusted_root/\(label)_intermediate_trusted/\(presentation.rawValue)",
                    presented: present(leaf, issuers, anchor: anchor, presentation), anchors: [anchor],
                    intended: nil)
            }
        }
    }

    /// One intermediate certified twice (same name, same key): by the trusted root and by another issuer. A strict
    /// client backtracks out of the dead end; a CA certificate with a defect is a dead end too when a sound one for
    /// the same name and key is also sent.
    func crossSigned() throws {
        for topology in ["direct", "via_sub"] {
            let key = try p256()
            let name = "Corpus Cross CA \(topology)"
            let viaRootA = try intermediate(name, key: key, issuer: rootA)
            let viaRootB = try intermediate(name, key: key, issuer: rootB)
            let sub = topology == "via_sub" ? try intermediate("Corpus Cross Sub CA", issuer: viaRootA) : nil
            let leaf = try leaf(issuer: sub ?? viaRootA)
            let below = sub.map { [$0] } ?? []
            let prefix = "cross_signed/\(topology)"
            for (label, anchors) in [("root_a", [rootA!]), ("root_b", [rootB!]), ("both", [rootA!, rootB!])] {
                try add(
                    "\(prefix)/trusting_\(label)/dead_end_first", presented: [leaf] + below + [viaRootB, viaRootA],
                    anchors: anchors, intended: nil)
                try add(
                    "\(prefix)/trusting_\(label)/trusted_first", presented: [leaf] + below + [viaRootA, viaRootB],
                    anchors: anchors, intended: nil)
            }
            try add(
                "\(prefix)/only_dead_end/in_order", presented: [leaf] + below + [viaRootB], anchors: [rootA],
                intended: .noPath)
            let bridge = try intermediate("Corpus Bridge CA \(topology)", issuer: rootB)
            let viaBridge = try intermediate(name, key: key, issuer: bridge)
            try add(
                "\(prefix)/long_dead_end/dead_end_first", presented: [leaf] + below + [viaBridge, bridge, viaRootA],
                anchors: [rootA], intended: nil)
            try add(
                "\(prefix)/long_dead_end/trusted_first", presented: [leaf] + below + [viaRootA, viaBridge, bridge],
                anchors: [rootA], intended: nil)

            var defects: [(String, ChainCorpusRule, (inout Certificate) -> Void)] = [
                ("not_ca", .basicConstraints, { $0.authority = .notCA }),
                ("no_basic_constraints", .basicConstraints, { $0.authority = .absent }),
                ("no_cert_sign", .keyUsage, { $0.usage = .caWithoutCertSign }),
                ("expired", .expired, { $0.notAfter = Self.date("2026-01-01T00:00:00Z") }),
                ("not_yet_valid", .notYetValid, { $0.notBefore = Self.date("2027-01-01T00:00:00Z") }),
                ("excludes_the_name", .nameConstraints, { $0.constraints = .init(excludedDNS: ["example.com"]) }),
            ]
            if sub != nil {
                defects.append(("path_length_0", .pathLength, { $0.authority = .ca(pathLength: 0) }))
            }
            for (label, rule, defect) in defects {
                let broken = try intermediate(name, key: key, issuer: rootA, configure: defect)
                try add(
                    "\(prefix)/\(label)/broken_first", presented: [leaf] + below + [broken, viaRootA],
                    anchors: [rootA], intended: nil, exercises: rule)
                try add(
                    "\(prefix)/\(label)/sound_first", presented: [leaf] + below + [viaRootA, broken],
                    anchors: [rootA], intended: nil, exercises: rule)
                try add(
                    "\(prefix)/\(label)/broken_only", presented: [leaf] + below + [broken], anchors: [rootA],
                    intended: rule)
            }
        }
    }
}
