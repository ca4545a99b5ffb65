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
        if !accepted.isEmpty && !accepted.contains(.tls1_3) {
            findings.append(
                Finding(
                    id: .tls13Unsupported,
                    message: "The broker does not accept TLS 1.3.",
                    evidence: acceptedText,
                    fix: "Optional: allow TLS 1.3 (mosquitto 2 does unless tls_version pins an older one); it saves a "
                        + "round trip per connection."))
        }
        if !accepted.isEmpty, Set(client.versions).isDisjoint(with: accepted) {
            findings.append(
                Finding(
                    id: .noCommonVersion,
                    message: "The client offers \(names(client.versions)) and the broker accepts \(names(accepted)): "
                        + "no version in common.",
                    evidence: versions.map {
                        "\($0.version.displayName) \($0.accepted ? "accepted" : "refused (\($0.error ?? ""))")"
                    }.joined(separator: "; "),
                    fix: "Configure the client for \(accepted.last?.displayName ?? "a version the broker accepts") "
                        + "(mosquitto_sub --tls-version), or widen the broker's tls_version."))
        }
        return findings
    }

    static func names(_ versions: [TLSProtocolVersion]) -> String {
        versions.map(\.displayName).joined(separator: ", ")
    }
}
