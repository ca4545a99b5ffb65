import Findings
import Foundation
import TLSProbe
import Testing

@testable import ProbeDiagnostics

/// The nodes behind one name, compared: the value most share is the reference, and each odd node is named.
struct NodeAgreementRuleTests {
    static func node(
        _ address: String, chain: [String] = ["aa", "bb"], notAfter: Double = 4_102_444_799,
        versions: [TLSProtocolVersion]? = [.tls1_2, .tls1_3], connack: Int? = 0
    ) -> NodeFacts {
        NodeFacts(
            address: address, chain: chain, leafNotAfter: Date(timeIntervalSince1970: notAfter),
            acceptedVersions: versions, connackCode: connack)
    }

    @Test func nodesThatAgreeGetNothing() {
        let findings = NodeAgreementRule.findings(
            name: "broker.test", port: 8883, nodes: [Self.node("10.0.0.1"), Self.node("10.0.0.2")])
        #expect(findings.allSatisfy { $0.isEmpty })
    }

    @Test func theOddNodeIsNamedWithTheOthers() {
        let findings = NodeAgreementRule.findings(
            name: "broker.test", port: 8883,
            nodes: [
                Self.node("10.0.0.1"), Self.node("10.0.0.2", chain: ["aa"]),
                Self.node("10.0.0.3", versions: [.tls1_0, .tls1_2, .tls1_3]),
            ])
        #expect(findings[0].isEmpty)
        #expect(findings[1].map(\.id) == [.nodesDisagree])
        #expect(findings[1][0].message.contains("number of certificates sent"))
        #expect(findings[1][0].evidence == "10.0.0.2: 1; 10.0.0.1, 10.0.0.3: 2")
        #expect(findings[2].map(\.id) == [.nodesDisagree])
        #expect(findings[2][0].evidence.contains("TLS 1.0"), "\(findings[2][0].evidence)")
        #expect(findings[2][0].severity == .warning)
    }

    @Test func aRenewalOnOneNodeShowsBothExpiries() {
        let findings = NodeAgreementRule.findings(
            name: "broker.test", port: 8883,
            nodes: [
                Self.node("10.0.0.1"), Self.node("10.0.0.2"),
                Self.node("10.0.0.3", chain: ["cc", "bb"], notAfter: 1_800_000_000),
            ])
        #expect(findings[2].count == 1)
        #expect(findings[2][0].evidence.contains("expires 2027-01-15"), "\(findings[2][0].evidence)")
        #expect(findings[2][0].evidence.contains("expires 2099-12-31"))
    }

    /// Two against two: the first address's value is the reference.
    @Test func aTieTakesTheFirstAddress() {
        let findings = NodeAgreementRule.findings(
            name: "broker.test", port: 8883,
            nodes: [
                Self.node("10.0.0.1"), Self.node("10.0.0.2", connack: 5), Self.node("10.0.0.3"),
                Self.node("10.0.0.4", connack: 5),
            ])
        #expect(findings[0].isEmpty && findings[2].isEmpty)
        #expect(findings[1].count == 1 && findings[3].count == 1)
        #expect(findings[1][0].message.contains("CONNACK"))
    }

    @Test func aNodeThatShowedNothingIsNotCompared() {
        let findings = NodeAgreementRule.findings(
            name: "broker.test", port: 8883,
            nodes: [Self.node("10.0.0.1"), Self.node("10.0.0.2", chain: [], versions: nil, connack: nil)])
        #expect(findings.allSatisfy { $0.isEmpty }, "an unreachable node has its own finding; nothing to compare")
    }
}
