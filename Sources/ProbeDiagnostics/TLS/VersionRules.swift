public import Findings
import TLSProbe

/// Which TLS versions the broker accepts, each tried on its own: legacy versions (RFC 8996), TLS 1.3
/// (RFC 8446), and whether the client's configured versions meet the broker's at all.
public enum VersionRules {
    public static func findings(_ tls: TLSSurface, client: TLSClientSide) -> [Finding] {
        guard let versions = tls.versions else { return [] }
        let accepted = tls.acceptedVersions
        let acceptedText = "accepted: " + names(accepted)
        var findings: [Finding] = []
        let legacy = accepted.filter { $0 < .tls1_2 }
        if !legacy.isEmpty {
            findings.append(
                Finding(
                    id: .weakTLSVersion,
                    message: "The broker accepts \(legacy.map(\.displayName).joined(separator: " and ")), deprecated "
                        + "since 2021 (RFC 8996).",
                    evidence: acceptedText,
                    fix: "Set tls_version tlsv1.2 on the listener (mosquitto), or the minimum TLS version of your "
                        + "broker, and remove @SECLEVEL=0/1 from its ciphers."))
        }
        // A survey handshake the broker did not answer in time says nothing about the version.
        if !accepted.isEmpty && !accepted.contains(.tls1_3) && !tls.unansweredVersions.contains(.tls1_3) {
            findings.append(
                Finding(
                    id: .tls13Unsupported,
                    message: "The broker does not accept TLS 1.3.",
                    evidence: acceptedText,
                    fix: "Optional: allow TLS 1.3 (mosquitto 2 does unless tls_version pins an older one); it saves a "
                        + "round trip per connection."))
        }
        if !accepted.isEmpty, Set(client.versions).isDisjoint(with: accepted) {
            let offers =
                client.versions.isEmpty
                ? "no TLS version it can use at OpenSSL's security level" : names(client.versions)
            findings.append(
                Finding(
                    id: .noCommonVersion,
                    message:
                        "The client offers \(offers) and the broker accepts \(names(accepted)): no version in common.",
                    evidence: versions.map {
                        "\($0.version.displayName) \($0.accepted ? "accepted" : "refused (\($0.error ?? ""))")"
                    }.joined(separator: "; "),
                    fix: noCommonVersionFix(client: client.versions, broker: accepted)))
        }
        return findings
    }

    /// The secure direction first: a client pinned below what the broker speaks can move up; a broker that speaks
    /// only what RFC 8996 deprecates must move up, since OpenSSL 3 clients follow it down only at security level 0.
    static func noCommonVersionFix(client: [TLSProtocolVersion], broker: [TLSProtocolVersion]) -> String {
        if let brokerBest = broker.max(), let clientBest = client.max(), brokerBest > clientBest {
            return "Let the client offer \(brokerBest.displayName): mosquitto_sub --tls-version is a minimum "
                + "(tlsv1.2 offers TLS 1.2 and 1.3), so drop an upper bound or an old pin on the client; or allow "
                + "\(clientBest.displayName) on the broker."
        }
        return "Allow TLS 1.2 and 1.3 on the broker (mosquitto: tls_version tlsv1.2, a minimum, and no @SECLEVEL in "
            + "its ciphers): TLS 1.0 and 1.1 are deprecated (RFC 8996), and OpenSSL 3 clients offer them only when "
            + "told @SECLEVEL=0 (mosquitto_sub --ciphers DEFAULT:@SECLEVEL=0), which is no fix."
    }

    static func names(_ versions: [TLSProtocolVersion]) -> String {
        versions.map(\.displayName).joined(separator: ", ")
    }
}
