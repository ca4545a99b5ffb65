public import Findings
public import TLSProbe

/// Mutual TLS: whether the broker asks for a client certificate, requires one, or refused the one presented
/// (RFC 8446 §4.3.2, §4.4.2.4; RFC 5246 §7.4.4).
public enum ClientAuthRules {
    /// Alerts with which a broker refuses a missing or unacceptable client certificate: one of these after a
    /// CertificateRequest, without a certificate sent, means the certificate is required.
    public static let refusalAlerts: Set<TLSAlert> = [
        .certificateRequired, .handshakeFailure, .unknownCA, .badCertificate, .accessDenied,
        TLSAlert(number: 46),  // certificate_unknown
        TLSAlert(number: 43),  // unsupported_certificate
        TLSAlert(number: 45),  // certificate_expired
        TLSAlert(number: 51),  // decrypt_error
    ]

    public static func findings(_ tls: TLSSurface, client: TLSClientSide) -> [Finding] {
        guard let auth = tls.clientAuth, auth.requested else { return [] }
        let issuers =
            auth.acceptableIssuers.isEmpty
            ? "any CA in its cafile (it names none)" : auth.acceptableIssuers.map { "'\($0)'" }.joined(separator: ", ")
        if auth.presented {
            guard let answer = auth.answer else { return [] }
            return [
                Finding(
                    id: .clientCertificateRejected,
                    message: "The broker refused the client certificate: \(answer).",
                    evidence: "TLS alert '\(answer)' after the client sent its certificate"
                        + (client.certificateFacts.map { " (\($0))" } ?? "")
                        + "; the broker accepts certificates from \(issuers)",
                    fix: TLSAlertAdvice.clientCertificate(answer: answer, issuers: issuers))
            ]
        }
        switch auth.required {
        case true?:
            return [
                Finding(
                    id: .clientCertificateRequired,
                    message: "The broker requires a client certificate (mutual TLS); a client without one is refused"
                        + (auth.answer.map { " with '\($0)'" } ?? "") + ".",
                    evidence: "CertificateRequest received; connecting without a certificate failed"
                        + (auth.answer.map { " (alert \($0))" } ?? "") + "; accepted issuers: \(issuers)",
                    fix: "Give the client a certificate issued by \(issuers) (mosquitto_sub --cert client.crt --key "
                        + "client.key; chaindoctor probe --cert/--key), or set require_certificate false on the "
                        + "listener.")
            ]
        case false?:
            return [
                Finding(
                    id: .clientCertificateRequested,
                    message: "The broker asks for a client certificate but accepts clients without one.",
                    evidence: "CertificateRequest received; the connection without a certificate went on; "
                        + "accepted issuers: \(issuers)",
                    fix: "")
            ]
        case nil:
            return [
                Finding(
                    id: .clientCertificateRequested,
                    message: "The broker asks for a client certificate; whether it requires one could not be told.",
                    evidence:
                        "CertificateRequest received; then \(auth.answer?.description ?? "the connection ended") without a "
                        + "certificate alert; accepted issuers: \(issuers)",
                    fix: "If clients without a certificate fail, give them one (--cert/--key) from \(issuers).")
            ]
        }
    }
}
