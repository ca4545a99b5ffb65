public import Findings
public import TLSProbe

/// What a TLS alert from the broker means for the operator, and on which side the fix is (RFC 8446 §6.2,
/// alert numbers as in §6).
public enum TLSAlertAdvice {
    /// Alerts with which a server refuses the certificate a client presented.
    static let certificateRefusals: Set<TLSAlert> = [
        .unknownCA, .badCertificate, .accessDenied,
        TLSAlert(number: 45),  // certificate_expired
        TLSAlert(number: 46),  // certificate_unknown
        TLSAlert(number: 51),  // decrypt_error
        TLSAlert(number: 43),  // unsupported_certificate
        TLSAlert(number: 44),  // certificate_revoked
    ]

    public static func handshake(
        alert: TLSAlert, certificateRequested: Bool, offeredALPN: [String], hasClientCertificate: Bool
    ) -> Finding {
        let (message, fix): (String, String)
        switch alert {
        case .protocolVersion:
            (message, fix) = (
                "The broker accepts none of the TLS versions the client offered.",
                "Match the client's --tls-version to the broker's tls_version (see the versions the broker accepts)."
            )
        case .noApplicationProtocol:
            (message, fix) = (
                "The broker accepts none of the ALPN protocols offered (\(offeredALPN.joined(separator: ", "))).",
                "Offer the protocol the broker expects (AWS IoT: x-amzn-mqtt-ca on 443), or none."
            )
        case .handshakeFailure where certificateRequested && !hasClientCertificate,
            .certificateRequired where !hasClientCertificate:
            return Finding(
                id: .clientCertificateRequired, severity: .error,
                message: "The broker requires a client certificate (mutual TLS) and refused the handshake without one.",
                evidence: "CertificateRequest received, then TLS alert '\(alert)'",
                fix: "Give the client a certificate from a CA the broker trusts (mosquitto_sub --cert/--key; "
                    + "chaindoctor probe --cert/--key), or set require_certificate false on the listener.")
        case .handshakeFailure:
            (message, fix) = (
                "The broker found nothing acceptable in the client's offer (cipher suites, versions, "
                    + "signature algorithms).",
                "Compare the broker's ciphers and tls_version with what the client offers; an old client "
                    + "may need TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256."
            )
        case _ where certificateRefusals.contains(alert):
            return Finding(
                id: .clientCertificateRejected, severity: .critical,
                message: "The broker refused the client certificate: \(alert).",
                evidence: "TLS alert '\(alert)' during the handshake",
                fix: clientCertificate(answer: .alert(alert), issuers: "the CAs in its cafile"))
        default:
            (message, fix) = (
                "The broker ended the handshake with the alert '\(alert)'.",
                "Read the broker's log for this connection; the alert names what it objected to."
            )
        }
        return Finding(id: .tlsAlert, severity: .critical, message: message, evidence: "TLS alert '\(alert)'", fix: fix)
    }

    /// The fix for a refused client certificate, by the broker's answer.
    static func clientCertificate(answer: TLSSurface.BrokerAnswer, issuers: String) -> String {
        switch answer.alert?.number {
        case TLSAlert.unknownCA.number:
            "The broker does not trust the issuer of the client certificate: add that CA to the broker's cafile "
                + "(mosquitto: cafile on the listener) or use a client certificate issued by \(issuers)."
        case 45:  // certificate_expired
            "The client certificate (or its issuer) has expired: renew it on the client."
        case TLSAlert.badCertificate.number, 43:  // bad_certificate, unsupported_certificate
            "The broker cannot use the client certificate: check it has extendedKeyUsage clientAuth and a valid "
                + "signature, and that the client sends its intermediates (cert file = client cert + intermediates)."
        case 51:  // decrypt_error
            "The client's key does not match its certificate, or it signed with an algorithm the broker refuses."
        case TLSAlert.certificateRequired.number:
            "The client sent no certificate: configure --cert and --key on the client."
        default:
            "The broker's log says why it refused the client certificate; the alert was '\(answer)'."
        }
    }
}
