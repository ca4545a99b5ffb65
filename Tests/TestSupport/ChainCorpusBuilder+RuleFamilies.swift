import Foundation

/// The families that plant one rule's defect (or its near miss) in an otherwise healthy chain.
extension ChainCorpusBuilder {
    private typealias Name = ChainCorpusCertificate.Name

    private static func ip(_ text: String) -> [UInt8] { ChainCorpusReference.ipAddress(text)! }
    private static func subtree(_ address: String, _ mask: String) -> [UInt8] { ip(address) + ip(mask) }

    /// Name constraints on the leaf's issuer ("direct") or one CA higher ("via_sub").
    func nameConstraints() throws {
        typealias Constraints = ChainCorpusCertificate.Constraints
        let permitCom = Constraints(permittedDNS: ["example.com"])
        let excludeOrg = Constraints(excludedDNS: ["example.org"])
        let permitTen = Constraints(permittedIP: [Self.subtree("10.0.0.0", "255.0.0.0")])
        let excludeLan = Constraints(excludedIP: [Self.subtree("192.168.0.0", "255.255.0.0")])
        let permitULA = Constraints(permittedIP: [Self.subtree("fd00::", "ff00::")])
        let both = Constraints(permittedDNS: ["example.com"], excludedDNS: ["secret.example.com"])
        // (label, constraints, leaf CN, subjectAltName (nil: none), identity, rule)
        let specs: [(String, Constraints, String, [Name]?, String, ChainCorpusRule?)] = [
            ("permitted_dns_inside", permitCom, Self.host, [.dns(Self.host)], Self.host, nil),
            (
                "permitted_dns_outside", permitCom, "broker.example.org", [.dns("broker.example.org")],
                "broker.example.org", .nameConstraints
            ),
            (
                "permitted_dns_one_name_outside", permitCom, Self.host,
                [.dns(Self.host), .dns("broker.example.org")], Self.host, .nameConstraints
            ),
            ("permitted_dns_apex", permitCom, "example.com", [.dns("example.com")], "example.com", nil),
            (
                "permitted_dns_label_boundary", permitCom, "broker.notexample.com", [.dns("broker.notexample.com")],
                "broker.notexample.com", .nameConstraints
            ),
            (
                "permitted_dns_second_subtree", Constraints(permittedDNS: ["example.com", "example.net"]),
                "broker.example.net", [.dns("broker.example.net")], "broker.example.net", nil
            ),
            ("excluded_dns_outside", excludeOrg, Self.host, [.dns(Self.host)], Self.host, nil),
            (
                "excluded_dns_inside", excludeOrg, "broker.example.org", [.dns("broker.example.org")],
                "broker.example.org", .nameConstraints
            ),
            (
                "excluded_dns_wildcard", excludeOrg, "*.example.org", [.dns("*.example.org")], "a.example.org",
                .nameConstraints
            ),
            (
                "permitted_and_excluded_in_excluded", both, "a.secret.example.com", [.dns("a.secret.example.com")],
                "a.secret.example.com", .nameConstraints
            ),
            (
                "permitted_and_excluded_in_permitted", both, "public.example.com", [.dns("public.example.com")],
                "public.example.com", nil
            ),
            ("permitted_ip_inside", permitTen, "10.1.2.3", [.ip(Self.ip("10.1.2.3"))], "10.1.2.3", nil),
            (
                "permitted_ip_outside", permitTen, "192.168.1.10", [.ip(Self.ip("192.168.1.10"))], "192.168.1.10",
                .nameConstraints
            ),
            (
                "excluded_ip_inside", excludeLan, "192.168.1.10", [.ip(Self.ip("192.168.1.10"))], "192.168.1.10",
                .nameConstraints
            ),
            ("excluded_ip_outside", excludeLan, "10.1.2.3", [.ip(Self.ip("10.1.2.3"))], "10.1.2.3", nil),
            ("permitted_ipv6_inside", permitULA, "fd00::1", [.ip(Self.ip("fd00::1"))], "fd00::1", nil),
            (
                "permitted_ipv6_outside", permitULA, "2001:db8::1", [.ip(Self.ip("2001:db8::1"))], "2001:db8::1",
                .nameConstraints
            ),
            (
                "dns_constraint_leaves_ip_free", permitCom, Self.host, [.dns(Self.host), .ip(Self.ip("192.168.1.10"))],
                Self.host, nil
            ),
            (
                "ip_constraint_leaves_dns_free", permitTen, Self.host, [.dns("broker.example.org")],
                "broker.example.org", nil
            ),
            (
                "ip_and_dns_under_ip_constraint", permitTen, Self.host, [.ip(Self.ip("10.1.2.3")), .dns(Self.host)],
                Self.host, nil
            ),
            ("cn_only_outside", permitCom, "broker.example.org", nil, "broker.example.org", .nameConstraints),
            ("cn_only_excluded", excludeOrg, "broker.example.org", nil, "broker.example.org", .nameConstraints),
            ("cn_only_inside", permitCom, Self.host, nil, Self.host, .subjectAltNameMissing),
            ("cn_outside_san_inside", permitCom, "evil.example.org", [.dns(Self.host)], Self.host, nil),
        ]
        for (label, constraints, commonName, alternativeNames, identity, rule) in specs {
            let constrained = try intermediate("Corpus NC CA \(label)", issuer: rootA) {
                $0.constraints = constraints
            }
            let sub = try intermediate("Corpus NC Sub CA \(label)", issuer: constrained)
            for (topology, issuers) in [("direct", [constrained]), ("via_sub", [sub, constrained])] {
                let leaf = try leaf(commonName, issuer: issuers[0]) { $0.alternativeNames = alternativeNames }
                let presentations: [Presentation] =
                    topology == "direct" ? [.inOrder, .withAnchor] : [.inOrder, .reversed, .shuffled]
                for presentation in presentations {
                    try add(
                        "name_constraints/\(label)/\(topology)/\(presentation.rawValue)",
                        presented: present(leaf, issuers, anchor: rootA, presentation), anchors: [rootA],
                        identity: identity, intended: rule)
                }
            }
        }
        // Two constrained CAs whose subtrees do not meet: nothing below them can be valid.
        let outer = try intermediate("Corpus NC Outer CA", issuer: rootA) { $0.constraints = permitCom }
        let inner = try intermediate("Corpus NC Inner CA", issuer: outer) {
            $0.constraints = Constraints(permittedDNS: ["example.org"])
        }
        for host in [Self.host, "broker.example.org"] {
            let leaf = try leaf(host, issuer: inner)
            for presentation in [Presentation.inOrder, .reversed, .shuffled] {
                try add(
                    "name_constraints/nested_disjoint_\(host)/\(presentation.rawValue)",
                    presented: present(leaf, [inner, outer], anchor: rootA, presentation), anchors: [rootA],
                    identity: host, intended: .nameConstraints)
            }
        }
    }

    /// pathLenConstraint with self-issued intermediates between (RFC 5280 §6.1.4(l)): "p<N>" a CA with pathLen N,
    /// "x" a CA without, "s" a self-issued CA (the name of the CA above it, a new key), "x<N>" a CA with pathLen N
    /// under another; listed from the root down.
    func pathLengths() throws {
        let specs: [([String], ChainCorpusRule?)] = [
            (["p0"], nil), (["p0", "x"], .pathLength), (["p0", "s"], nil), (["p0", "s", "s"], nil),
            (["p0", "s", "x"], .pathLength), (["p1", "x"], nil), (["p1", "x", "x"], .pathLength),
            (["p1", "s", "x"], nil), (["p1", "x", "s"], nil), (["p1", "s", "x", "s"], nil),
            (["p1", "x", "s", "x"], .pathLength), (["p2", "x", "x"], nil), (["p2", "x", "x", "x"], .pathLength),
            (["x", "p0"], nil), (["x", "p0", "x"], .pathLength), (["x", "p0", "s"], nil),
            (["p0", "x5"], .pathLength), (["p3", "x0", "x"], .pathLength),
            (["p9"] + Array(repeating: "x", count: 9), nil), (["p8"] + Array(repeating: "x", count: 9), .pathLength),
            (["p4", "s", "x", "s", "x", "s", "x", "x"], nil), (["p3", "s", "x", "s", "x", "s", "x", "x"], .pathLength),
        ]
        for (specIndex, (spec, rule)) in specs.enumerated() {
            var issuer = rootA!
            var issuers: [ChainCorpusCertificate] = []
            for (level, code) in spec.enumerated() {
                let selfIssued = code == "s"
                let pathLength = Int(code.dropFirst())
                let name = selfIssued ? issuer.name : "Corpus Path \(specIndex) CA \(level + 1)"
                issuer = try intermediate(name, issuer: issuer) { $0.authority = .ca(pathLength: pathLength) }
                issuers.insert(issuer, at: 0)
            }
            let leaf = try leaf(issuer: issuer)
            for presentation in [Presentation.inOrder, .reversed, .shuffled] {
                try add(
                    "path_length/\(spec.joined(separator: "-"))/\(presentation.rawValue)",
                    presented: present(leaf, issuers, anchor: rootA, presentation), anchors: [rootA],
                    intended: rule)
            }
        }
    }

    /// extendedKeyUsage of the leaf; keyUsage and basicConstraints of an issuer (the leaf's, or the one above it).
    func usages() throws {
        let purposes: [(String, [ChainCorpusCertificate.Purpose]?, ChainCorpusRule?)] = [
            ("absent", nil, nil), ("server_auth", [.serverAuth], nil),
            ("client_and_server", [.clientAuth, .serverAuth], nil),
            ("client_auth_only", [.clientAuth], .extendedKeyUsage),
            ("code_signing_only", [.codeSigning], .extendedKeyUsage),
            ("client_and_email", [.clientAuth, .emailProtection], .extendedKeyUsage),
        ]
        let issuers = try intermediates(2, under: rootA, label: "Usage")
        for (label, value, rule) in purposes {
            let leaf = try leaf(issuer: issuers[0]) { $0.purposes = value }
            for presentation in [Presentation.inOrder, .reversed, .shuffled] {
                try add(
                    "extended_key_usage/\(label)/\(presentation.rawValue)",
                    presented: present(leaf, issuers, anchor: rootA, presentation), anchors: [rootA], intended: rule)
            }
        }
        typealias Configure = (inout ChainCorpusCertificate) -> Void
        let defects: [(String, String, Configure, ChainCorpusRule?)] = [
            ("key_usage", "absent", { $0.usage = nil }, nil),
            ("key_usage", "cert_sign", { $0.usage = .ca }, nil),
            ("key_usage", "without_cert_sign", { $0.usage = .caWithoutCertSign }, .keyUsage),
            ("key_usage", "crl_sign_only", { $0.usage = .crlSignOnly }, .keyUsage),
            ("basic_constraints", "ca", { $0.authority = .ca(pathLength: nil) }, nil),
            ("basic_constraints", "not_ca", { $0.authority = .notCA }, .basicConstraints),
            ("basic_constraints", "absent", { $0.authority = .absent }, .basicConstraints),
        ]
        for (family, label, configure, rule) in defects {
            for position in ["issuing", "upper"] {
                let upper = try intermediate("Corpus \(family) \(label) upper", issuer: rootA) {
                    if position == "upper" { configure(&$0) }
                }
                let issuing = try intermediate("Corpus \(family) \(label) issuing", issuer: upper) {
                    if position == "issuing" { configure(&$0) }
                }
                let leaf = try leaf(issuer: issuing)
                for presentation in [Presentation.inOrder, .reversed] {
                    try add(
                        "\(family)/\(label)_\(position)/\(presentation.rawValue)",
                        presented: present(leaf, [issuing, upper], anchor: rootA, presentation), anchors: [rootA],
                        intended: rule)
                }
            }
        }
    }
}
