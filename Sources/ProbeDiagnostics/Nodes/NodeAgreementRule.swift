public import Findings
import FoundationSubstitutes
public import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// What one node behind a name showed a probe, as `--all-addresses` compares it with the others.
public struct NodeFacts: Sendable, Equatable {
    /// The address dialled.
    public var address: String
    /// SHA-256 of each presented certificate, in the order sent; empty when no handshake completed.
    public var chain: [String]
    public var leafNotAfter: Date?
    /// The TLS versions the node accepted (nil when the survey did not run).
    public var acceptedVersions: [TLSProtocolVersion]?
    /// The CONNACK return or reason code (nil when the MQTT step did not run or got none).
    public var connackCode: Int?

    public init(
        address: String, chain: [String], leafNotAfter: Date?,
        acceptedVersions: [TLSProtocolVersion]?, connackCode: Int?
    ) {
        self.address = address
        self.chain = chain
        self.leafNotAfter = leafNotAfter
        self.acceptedVersions = acceptedVersions
        self.connackCode = connackCode
    }
}

/// A cluster behind one DNS name (round robin, or a load balancer in front of several nodes) fails for a fraction
/// of its clients when one node still serves an old or incomplete chain. Each aspect (the chain, the leaf's
/// expiry, the TLS versions accepted, the CONNACK) is compared across the nodes that showed it; the value most
/// nodes share is the reference (on a tie, the first address's), and each node that differs gets a finding that
/// names it, the others and both values. Its own findings (a missing intermediate, an expired leaf) say how bad the
/// odd node is; this one says that clients of the name get different answers (a warning).
public enum NodeAgreementRule {
    /// One list of findings per node, in the order of `nodes`.
    public static func findings(name: String, port: Int, nodes: [NodeFacts]) -> [[Finding]] {
        var findings = Array(repeating: [Finding](), count: nodes.count)
        guard nodes.count > 1 else { return findings }
        let fix =
            "Serve the same certfile, keyfile and TLS settings on every node behind \(name):\(port), then reload "
            + "each node; a load balancer's health check that probes TLS would have caught it."
        let disagreements =
            compare(
                nodes, { node in node.chain.first.map { LeafShown(sha256: $0, notAfter: node.leafNotAfter) } },
                what: "certificate", name: name, show: \.description)
            + compare(
                nodes, { $0.chain.isEmpty ? nil : $0.chain.count }, what: "number of certificates sent", name: name,
                show: { "\($0)" })
            + compare(
                nodes, { $0.acceptedVersions.map { $0.map(\.displayName).joined(separator: ", ") } },
                what: "TLS versions accepted", name: name, show: { $0 })
            + compare(nodes, \.connackCode, what: "CONNACK code", name: name, show: { "\($0)" })
        for (index, message, evidence) in disagreements {
            findings[index].append(Finding(id: .nodesDisagree, message: message, evidence: evidence, fix: fix))
        }
        return findings
    }

    /// A leaf as the evidence names it: its fingerprint and its expiry (a renewal that reached some nodes only).
    struct LeafShown: Hashable, CustomStringConvertible {
        var sha256: String
        var notAfter: Date?
        var description: String {
            "leaf sha256 \(sha256.prefix(16))…" + (notAfter.map { ", expires \($0.iso8601Text)" } ?? "")
        }
    }

    /// Groups the nodes that showed a value by it; each node outside the reference group is one disagreement:
    /// its index, the message and the evidence.
    static func compare<Value: Hashable>(
        _ nodes: [NodeFacts], _ value: (NodeFacts) -> Value?, what: String, name: String, show: (Value) -> String
    ) -> [(index: Int, message: String, evidence: String)] {
        let shown = nodes.indices.compactMap { index in value(nodes[index]).map { (index, $0) } }
        let groups = Dictionary(grouping: shown, by: \.1)
        guard groups.count > 1 else { return [] }
        // The value most nodes share; on a tie, the one the earliest address shows.
        let reference = groups.max { lhs, rhs in
            lhs.value.count != rhs.value.count
                ? lhs.value.count < rhs.value.count : lhs.value[0].0 > rhs.value[0].0
        }!
        let agreeing = reference.value.map { nodes[$0.0].address }
        return shown.filter { $0.1 != reference.key }.map { index, odd in
            (
                index,
                "\(nodes[index].address) serves another \(what) than the other \(agreeing.count == 1 ? "node" : "nodes") behind \(name) "
                    + "(\(agreeing.joined(separator: ", "))), so some clients of \(name) see it and others do not.",
                "\(nodes[index].address): \(show(odd)); \(agreeing.joined(separator: ", ")): \(show(reference.key))"
            )
        }
    }
}
