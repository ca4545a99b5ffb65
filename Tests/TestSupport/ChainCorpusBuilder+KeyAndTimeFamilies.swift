import Foundation

/// The families of key sizes, signature algorithms, validity boundaries and identities.
extension ChainCorpusBuilder {
    /// Key types and sizes of the leaf and its issuer; signature algorithms of certificates and of the anchor.
    func keysAndSignatures() throws {
        let issuing = try intermediate("Corpus Key CA", issuer: rootA)
        var specs: [(String, [ChainCorpusCertificate], ChainCorpusCertificate, ChainCorpusRule?)] = []
        for (label, key, rule) in [
            ("leaf_p256", try p256(), nil), ("leaf_p384", try p384(), nil),
            ("leaf_rsa2048", rsaIntermediateKey, nil), ("leaf_rsa1024", rsaWeakKey, ChainCorpusRule.weakKey),
        ] {
            specs.append(("key_size/\(label)", [try leaf(key: key, issuer: issuing), issuing], rootA, rule))
        }
        for (label, key, rule) in [
            ("intermediate_rsa2048", rsaOtherKey, nil), ("intermediate_rsa1024", rsaWeakKey, ChainCorpusRule.weakKey),
        ] {
            let ca = try intermediate("Corpus \(label) CA", key: key, issuer: rootA)
            specs.append(("key_size/\(label)", [try leaf(issuer: ca), ca], rootA, rule))
        }
        let rsaIssuing = try intermediate("Corpus RSA Issuing CA", key: rsaIntermediateKey, issuer: rootRSA)
        let sha1Issuing = try intermediate("Corpus SHA-1 Issued CA", issuer: rootRSA) { $0.signature = .rsaSHA1 }
        let ecdsa384Issuing = try intermediate("Corpus ECDSA-SHA384 CA", issuer: rootA) {
            $0.signature = .ecdsaSHA384
        }
        let sha1Root = try root("Corpus SHA-1 Root", key: rsaOtherKey) { $0.signature = .rsaSHA1 }
        let underSHA1Root = try intermediate("Corpus Under SHA-1 Root CA", issuer: sha1Root)
        let signatures: [(String, [ChainCorpusCertificate], ChainCorpusCertificate, ChainCorpusRule?)] = [
            ("leaf_ecdsa_sha256", [try leaf(issuer: issuing), issuing], rootA, nil),
            ("leaf_ecdsa_sha384", [try leaf(issuer: issuing) { $0.signature = .ecdsaSHA384 }, issuing], rootA, nil),
            ("leaf_rsa_sha256", [try leaf(issuer: rsaIssuing), rsaIssuing], rootRSA, nil),
            (
                "leaf_rsa_sha1", [try leaf(issuer: rsaIssuing) { $0.signature = .rsaSHA1 }, rsaIssuing], rootRSA,
                .weakSignature
            ),
            ("intermediate_rsa_sha1", [try leaf(issuer: sha1Issuing), sha1Issuing], rootRSA, .weakSignature),
            ("intermediate_ecdsa_sha384", [try leaf(issuer: ecdsa384Issuing), ecdsa384Issuing], rootA, nil),
            ("anchor_self_signed_sha1", [try leaf(issuer: underSHA1Root), underSHA1Root], sha1Root, nil),
        ]
        specs += signatures.map { ("signature_algorithm/\($0.0)", $0.1, $0.2, $0.3) }
        for (label, chain, anchor, rule) in specs {
            for presentation in [Presentation.inOrder, .reversed, .withAnchor] {
                try add(
                    "\(label)/\(presentation.rawValue)",
                    presented: present(chain[0], Array(chain.dropFirst()), anchor: anchor, presentation),
                    anchors: [anchor], intended: rule)
            }
        }
    }

    /// notBefore and notAfter of the leaf, its issuer or the CA above, judged exactly at, one second beyond, and
    /// well beyond each bound (RFC 5280 §4.1.2.5: both bounds are inclusive).
    func validityBoundaries() throws {
        let notBefore = Self.date("2026-03-01T12:00:00Z")
        let notAfter = Self.date("2026-09-01T12:00:00Z")
        let instants: [(String, Date, ChainCorpusRule?)] = [
            ("inside", Self.date("2026-06-01T00:00:00Z"), nil),
            ("at_not_after", notAfter, nil),
            ("one_second_after_not_after", notAfter.addingTimeInterval(1), .expired),
            ("long_after_not_after", notAfter.addingTimeInterval(400 * 86_400), .expired),
            ("at_not_before", notBefore, nil),
            ("one_second_before_not_before", notBefore.addingTimeInterval(-1), .notYetValid),
            ("long_before_not_before", notBefore.addingTimeInterval(-100 * 86_400), .notYetValid),
        ]
        let window: (inout ChainCorpusCertificate) -> Void = {
            $0.notBefore = notBefore
            $0.notAfter = notAfter
        }
        for position in ["leaf", "issuing", "upper"] {
            let upper = try intermediate("Corpus Validity \(position) upper", issuer: rootA) {
                if position == "upper" { window(&$0) }
            }
            let issuing = try intermediate("Corpus Validity \(position) issuing", issuer: upper) {
                if position == "issuing" { window(&$0) }
            }
            let leaf = try leaf(issuer: issuing) { if position == "leaf" { window(&$0) } }
            for (label, instant, rule) in instants {
                for presentation in [Presentation.inOrder, .shuffled] {
                    try add(
                        "validity/\(position)_\(label)/\(presentation.rawValue)",
                        presented: present(leaf, [issuing, upper], anchor: rootA, presentation), anchors: [rootA],
                        instant: instant, intended: rule)
                }
            }
        }
        // Around 2050, where RFC 5280 §4.1.2.5 switches from UTCTime to GeneralizedTime.
        for end in ["2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z"] {
            let bound = Self.date(end)
            let issuing = try intermediate("Corpus Validity \(end) CA", issuer: rootA)
            let leaf = try leaf(issuer: issuing) {
                $0.notBefore = Self.date("2049-01-01T00:00:00Z")
                $0.notAfter = bound
            }
            for (label, instant, rule) in [
                ("at_not_after", bound, nil), ("one_second_after_not_after", bound.addingTimeInterval(1), .expired),
            ] as [(String, Date, ChainCorpusRule?)] {
                try add(
                    "validity/leaf_\(end.prefix(4))_\(label)/in_order", presented: [leaf, issuing], anchors: [rootA],
                    instant: instant, intended: rule)
            }
        }
    }

    /// The identity against the leaf's names: DNS, wildcard, IPv4, IPv6, and a subject CN never consulted.
    func identities() throws {
        typealias Name = ChainCorpusCertificate.Name
        func ip(_ text: String) -> Name { .ip(ChainCorpusReference.ipAddress(text)!) }
        let host = Self.host
        // (label, CN, subjectAltName (nil: none), identity, rule)
        let specs: [(String, String, [Name]?, String, ChainCorpusRule?)] = [
            ("dns_exact", host, [.dns(host)], host, nil),
            ("dns_other_name", host, [.dns(host)], "other.example.com", .hostname),
            ("dns_identity_upper_case", host, [.dns(host)], "BROKER.EXAMPLE.COM", nil),
            ("dns_san_mixed_case", host, [.dns("Broker.Example.COM")], host, nil),
            ("dns_parent_domain", host, [.dns(host)], "example.com", .hostname),
            ("dns_second_name", host, [.dns(host), .dns("mqtt.example.net")], "mqtt.example.net", nil),
            ("wildcard_one_label", host, [.dns("*.example.com")], "a.example.com", nil),
            ("wildcard_two_labels", host, [.dns("*.example.com")], "a.b.example.com", .hostname),
            ("wildcard_apex", host, [.dns("*.example.com")], "example.com", .hostname),
            ("wildcard_partial_label", host, [.dns("br*.example.com")], host, .hostname),
            ("ipv4_exact", "10.0.0.1", [ip("10.0.0.1")], "10.0.0.1", nil),
            ("ipv4_other", "10.0.0.1", [ip("10.0.0.1")], "10.0.0.2", .hostname),
            ("ipv4_only_as_dns_name", "10.0.0.1", [.dns("10.0.0.1")], "10.0.0.1", .hostname),
            ("ipv4_with_dns_name", host, [ip("10.0.0.1"), .dns(host)], "10.0.0.1", nil),
            ("dns_identity_ip_san_only", host, [ip("10.0.0.1")], host, .hostname),
            ("ip_identity_dns_san_only", host, [.dns(host)], "10.0.0.1", .hostname),
            ("ipv6_exact", "ipv6", [ip("::1")], "::1", nil),
            ("ipv6_long_form", "ipv6", [ip("::1")], "0:0:0:0:0:0:0:1", nil),
            ("ipv6_other", "ipv6", [ip("::1")], "::2", .hostname),
            ("cn_only_matching", host, nil, host, .subjectAltNameMissing),
            ("cn_only_other", host, nil, "other.example.com", .subjectAltNameMissing),
            ("cn_only_ip", "10.0.0.1", nil, "10.0.0.1", .subjectAltNameMissing),
            ("cn_other_san_matching", "other.example.com", [.dns(host)], host, nil),
            ("cn_matches_san_does_not", host, [.dns("other.example.com")], host, .hostname),
        ]
        let issuing = try intermediate("Corpus Identity CA", issuer: rootA)
        for (label, commonName, names, identity, rule) in specs {
            let leaf = try leaf(commonName, issuer: issuing) { $0.alternativeNames = names }
            for presentation in [Presentation.inOrder, .withDuplicate] {
                try add(
                    "identity/\(label)/\(presentation.rawValue)",
                    presented: present(leaf, [issuing], anchor: rootA, presentation), anchors: [rootA],
                    identity: identity, intended: rule)
            }
        }
    }
}
