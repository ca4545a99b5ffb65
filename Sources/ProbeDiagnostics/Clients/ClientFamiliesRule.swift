public import ClientFamilies
public import Findings
import FoundationSubstitutes

/// The client families in findings. A family that rejects what OpenSSL accepts gets a finding of its own, in its own
/// words and with its fix, so that the exit code is the worst over the selected families; where OpenSSL rejects too,
/// the chain findings already say why, and the families' words are in the report's client table. A chain too large
/// for the small-buffer builds of a selected device family is a warning with its size.
public enum ClientFamiliesRule {
    public static func findings(
        _ verdicts: [ClientVerdict], opensslAccepts: Bool?, certificateMessageBytes: Int
    ) -> [Finding] {
        var findings: [Finding] = []
        for verdict in verdicts where !verdict.accepted && verdict.family != .openssl && opensslAccepts != false {
            let profile = verdict.profile
            findings.append(
                Finding(
                    id: .clientRejects,
                    message: "\(profile.name) clients (\(profile.clients)) reject the chain"
                        + (opensslAccepts == true ? " that OpenSSL clients accept" : "") + "; they print \""
                        + (verdict.prints ?? "") + "\".",
                    evidence: (verdict.detail ?? "") + " (\(profile.name): \(profile.pathBuildingText); "
                        + "\(profile.commonNameText); reason \(verdict.reason.map { "\($0)" } ?? "unknown"))",
                    fix: verdict.fix ?? ""))
        }
        let small = verdicts.compactMap { verdict -> (ClientProfile, ClientProfile.InputBuffer)? in
            guard verdict.accepted, let buffer = verdict.profile.inputBuffer,
                certificateMessageBytes > buffer.reducedBytes
            else { return nil }
            return (verdict.profile, buffer)
        }
        for (profile, buffer) in small {
            findings.append(
                Finding(
                    id: .chainTooLargeForDevices,
                    message: "The broker's Certificate message is \(certificateMessageBytes) bytes: \(profile.name) "
                        + "takes it with its default \(buffer.defaultBytes)-byte input buffer, but not builds that "
                        + "lower it to \(buffer.reducedBytes) bytes to save RAM.",
                    evidence: "\(profile.clients); the setting is \(buffer.setting); such a device prints "
                        + "\"\(buffer.error)\".",
                    fix: "Keep the chain under \(buffer.reducedBytes) bytes for small devices: serve only the leaf and "
                        + "its intermediates (no root, no extra certificates), prefer ECDSA P-256 keys to large RSA "
                        + "keys; or build the firmware with \(buffer.setting) of at least \(certificateMessageBytes)."))
        }
        return findings
    }

    /// The OpenSSL family's fix, from the findings that explain OpenSSL's rejection: the reordering an alternate path
    /// offers when there is one, else the worst finding's.
    public static func withOpenSSLFix(_ verdicts: [ClientVerdict], findings: [Finding]) -> [ClientVerdict] {
        verdicts.map { verdict in
            guard verdict.family == .openssl, !verdict.accepted else { return verdict }
            var verdict = verdict
            let reorder = findings.first { $0.id == .alternatePath && $0.fix.includes("right after the leaf") }
            verdict.fix = (reorder ?? findings.sortedWorstFirst().first { $0.severity >= .error })?.fix
            return verdict
        }
    }
}
