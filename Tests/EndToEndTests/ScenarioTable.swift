/// What each TestChains scenario must give, from `check` on its files and from `probe` against mosquitto serving
/// it, judged at the fixed instant the offline tests use (`--at`): the exact chain findings, in order, and
/// OpenSSL's verify code (TestChains/README.md records the same, checked with the openssl CLI).
struct ChainScenario: CustomTestStringConvertible, Sendable {
    var name: String
    /// The name or IP address the client dials.
    var identity: String = "broker.test"
    var cafile: String = "client-ca.crt"
    var findings: [String]
    var opensslCode: Int

    static let at = "2026-06-01T00:00:00Z"

    var isIP: Bool { identity.first?.isNumber == true }
    var rejected: Bool { opensslCode != 0 }
    var exitCode: Int32 {
        if rejected { return 2 }
        return findings.contains { ChainScenario.warnings.contains($0) } ? 1 : 0
    }
    static let warnings: Set = ["wrong_order", "cn_only", "expiring_soon", "extra_certificate"]
    var testDescription: String { "\(name) as \(identity) trusting \(cafile)" }

    static let all: [ChainScenario] = [
        .init(name: "healthy", findings: ["chain_valid"], opensslCode: 0),
        .init(name: "leaf-only", findings: ["missing_intermediate"], opensslCode: 20),
        .init(name: "leaf-only-aia", findings: ["missing_intermediate"], opensslCode: 20),
        .init(name: "wrong-order", findings: ["wrong_order"], opensslCode: 0),
        .init(name: "expired-leaf", findings: ["expired"], opensslCode: 10),
        .init(name: "expired-intermediate", findings: ["expired"], opensslCode: 10),
        .init(name: "hostname-mismatch", findings: ["hostname_mismatch"], opensslCode: 62),
        .init(name: "untrusted-root", findings: ["untrusted_root"], opensslCode: 20),
        .init(name: "self-signed-leaf", findings: ["self_signed_leaf"], opensslCode: 18),
        .init(name: "healthy-ecdsa", findings: ["chain_valid"], opensslCode: 0),
        .init(name: "three-level-missing-middle", findings: ["missing_intermediate"], opensslCode: 20),
        .init(name: "ip-san", identity: "127.0.0.1", findings: ["chain_valid"], opensslCode: 0),
        .init(name: "ip-san", findings: ["hostname_mismatch"], opensslCode: 62),
        .init(name: "wildcard", identity: "broker.mqtt.test", findings: ["chain_valid"], opensslCode: 0),
        .init(name: "wildcard", identity: "a.b.mqtt.test", findings: ["hostname_mismatch"], opensslCode: 62),
        .init(name: "cn-only", findings: ["cn_only"], opensslCode: 0),
        .init(name: "cn-only", identity: "127.0.0.1", findings: ["ip_not_in_san", "cn_only"], opensslCode: 64),
        .init(name: "rekeyed-intermediate", findings: ["signature_invalid"], opensslCode: 20),
        .init(name: "cross-signed", findings: ["alternate_path", "chain_valid"], opensslCode: 0),
        .init(name: "cross-signed", cafile: "client-ca-cross.crt", findings: ["untrusted_root", "alternate_path"], opensslCode: 20),
        .init(name: "cross-signed-root", cafile: "client-ca-cross.crt", findings: ["chain_valid"], opensslCode: 0),
        .init(name: "weak-key", findings: ["weak_key"], opensslCode: 66),
        .init(name: "sha1-signature", findings: ["weak_signature"], opensslCode: 68),
        .init(name: "no-server-auth", findings: ["leaf_not_for_server_auth"], opensslCode: 26),
        .init(name: "ca-flag-missing", findings: ["issuer_not_ca"], opensslCode: 79),
        .init(name: "expiring-soon", findings: ["expiring_soon"], opensslCode: 0),
        .init(name: "contains-anchor", findings: ["contains_anchor", "chain_valid"], opensslCode: 0),
        .init(name: "duplicate-and-extra", findings: ["extra_certificate", "duplicate_certificate"], opensslCode: 0),
        .init(name: "path-length", findings: ["path_length_exceeded"], opensslCode: 25),
    ]
}

import Testing
