public import Findings
public import TLSProbe

/// A handshake the broker ended with an alert (or that found no common version): the alert translated, beside
/// what the version survey says. A "protocol version" alert that the survey explains as no version in common is
/// told once, by the survey's finding.
public enum HandshakeAlertRule {
    public static func findings(
        alert: TLSAlert, certificateRequested: Bool, surface: TLSSurface, client: TLSClientSide
    ) -> [Finding] {
        let versionFindings = TLSSurfaceRules.findings(surface, client: client)
            .filter { $0.id != .clientCertificateRequired }
        if alert == .protocolVersion, versionFindings.contains(where: { $0.id == .noCommonVersion }) {
            return versionFindings.sortedWorstFirst()
        }
        let translated = TLSAlertAdvice.handshake(
            alert: alert, certificateRequested: certificateRequested, offeredALPN: client.offeredALPN,
            hasClientCertificate: client.hasClientCertificate)
        return ([translated] + versionFindings).sortedWorstFirst()
    }
}
