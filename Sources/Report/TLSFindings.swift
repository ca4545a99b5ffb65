public import ChainDiagnostics

/// Findings about the TLS surface of a broker: versions, client certificates, SNI, ALPN, and ports that are
/// not what they seem. Pure: what the probe saw in, findings out.
public enum TLSFindings {
    /// What the operator's client is configured with, to judge the broker's answers against.
    public struct ClientSide: Sendable {
        /// `--tls-version`: the versions the client offers; nil is OpenSSL's default (TLS 1.2 and 1.3).
        public var versions: [String]?
        public var hasClientCertificate: Bool
        /// What the client certificate is, as the evidence of a refusal: "'device-1' issued by 'Client CA',
        /// valid until 2027-01-01".
        public var certificateFacts: String?
        public init(versions: [String]?, hasClientCertificate: Bool, certificateFacts: String? = nil) {
            self.versions = versions
            self.hasClientCertificate = hasClientCertificate
            self.certificateFacts = certificateFacts
        }
    }

    public static func findings(_ tls: ProbeReport.TLSSession, client: ClientSide) -> [Finding] {
        var findings: [Finding] = []
        if let versions = tls.versions {
            let accepted = versions.filter(\.accepted).map(\.version)
            let legacy = accepted.filter { $0 == "TLSv1" || $0 == "TLSv1.1" }
            if !legacy.isEmpty {
                findings.append(
                    Finding(
                        id: .weakTLSVersion, severity: .warning,
                        message: "The broker accepts \(legacy.map(display).joined(separator: " and ")), deprecated since 2021 (RFC 8996).",
                        evidence: "accepted: \(accepted.map(display).joined(separator: ", "))",
                        fix: "Set tls_version tlsv1.2 on the listener (mosquitto), or the minimum TLS version of your "
                            + "broker, and remove @SECLEVEL=0/1 from its ciphers."))
            }
            if !accepted.isEmpty && !accepted.contains("TLSv1.3") {
                findings.append(
                    Finding(
                        id: .tls13Unsupported, severity: .info,
                        message: "The broker does not accept TLS 1.3.",
                        evidence: "accepted: \(accepted.map(display).joined(separator: ", "))",
                        fix: "Optional: allow TLS 1.3 (mosquitto 2 does unless tls_version pins an older one); it saves a "
                            + "round trip per connection."))
            }
            if let wanted = client.versions, !accepted.isEmpty, Set(wanted).isDisjoint(with: accepted) {
                findings.append(
                    Finding(
                        id: .noCommonVersion, severity: .critical,
                        message: "The client offers \(wanted.map(display).joined(separator: ", ")) and the broker accepts "
                            + "\(accepted.map(display).joined(separator: ", ")): no version in common.",
                        evidence: versions.map { "\(display($0.version)) \($0.accepted ? "accepted" : "refused (\($0.error ?? ""))")" }
                            .joined(separator: "; "),
                        fix: "Configure the client for \(accepted.map(display).last ?? "a version the broker accepts") "
                            + "(mosquitto_sub --tls-version), or widen the broker's tls_version."))
            }
        }
        if let auth = tls.clientAuth, auth.requested {
            let issuers = auth.acceptableIssuers.isEmpty
                ? "any CA in its cafile (it names none)" : auth.acceptableIssuers.map { "'\($0)'" }.joined(separator: ", ")
            if auth.presented, let alert = auth.alert {
                findings.append(
                    Finding(
                        id: .clientCertificateRejected, severity: .critical,
                        message: "The broker refused the client certificate: \(alert).",
                        evidence: "TLS alert '\(alert)' after the client sent its certificate"
                            + (client.certificateFacts.map { " (\($0))" } ?? "")
                            + "; the broker accepts certificates from \(issuers)",
                        fix: TLSAlertAdvice.clientCertificate(alert: alert, issuers: issuers)))
            } else if !auth.presented && auth.required == true {
                findings.append(
                    Finding(
                        id: .clientCertificateRequired, severity: .error,
                        message: "The broker requires a client certificate (mutual TLS); a client without one is refused"
                            + (auth.alert.map { " with '\($0)'" } ?? "") + ".",
                        evidence: "CertificateRequest received; connecting without a certificate failed"
                            + (auth.alert.map { " (alert \($0))" } ?? "") + "; accepted issuers: \(issuers)",
                        fix: "Give the client a certificate issued by \(issuers) (mosquitto_sub --cert client.crt --key client.key; "
                            + "chaindoctor probe --cert/--key), or set require_certificate false on the listener."))
            } else if !auth.presented {
                findings.append(
                    auth.required == false
                        ? Finding(
                            id: .clientCertificateRequested, severity: .info,
                            message: "The broker asks for a client certificate but accepts clients without one.",
                            evidence: "CertificateRequest received; the connection without a certificate went on; "
                                + "accepted issuers: \(issuers)",
                            fix: "")
                        : Finding(
                            id: .clientCertificateRequested, severity: .info,
                            message: "The broker asks for a client certificate; whether it requires one could not be told.",
                            evidence: "CertificateRequest received; then \(auth.alert ?? "the connection ended") without a "
                                + "certificate alert; accepted issuers: \(issuers)",
                            fix: "If clients without a certificate fail, give them one (--cert/--key) from \(issuers)."))
            }
        }
        if tls.certificateDiffersWithoutSNI == true {
            findings.append(
                Finding(
                    id: .sniDependentCertificate, severity: .warning,
                    message: "Clients that send no SNI get another certificate than clients that send '\(tls.serverName ?? "")'.",
                    evidence: "the leaf presented without SNI differs from the one presented with SNI",
                    fix: "Old clients and those that dial an IP address send no SNI: make the default certificate valid "
                        + "for them too, or make sure every client sends the name."))
        }
        if !tls.alpnOffered.isEmpty && tls.alpnSelected == nil && tls.version != nil {
            findings.append(
                Finding(
                    id: .alpnNotSelected, severity: .warning,
                    message: "The broker selected none of the ALPN protocols offered (\(tls.alpnOffered.joined(separator: ", "))).",
                    evidence: "no ALPN extension in the ServerHello",
                    fix: "Brokers that route by ALPN (AWS IoT on 443 wants x-amzn-mqtt-ca) need the right value; a broker "
                        + "without ALPN support ignores it, which is harmless on 8883."))
        }
        return findings
    }

    static func display(_ version: String) -> String {
        switch version {
        case "TLSv1": "TLS 1.0"
        case "TLSv1.1": "TLS 1.1"
        case "TLSv1.2": "TLS 1.2"
        case "TLSv1.3": "TLS 1.3"
        default: version
        }
    }
}

/// What a TLS alert from the broker means for the operator, and on which side the fix is (RFC 8446 §6.2).
public enum TLSAlertAdvice {
    public static func handshake(alert: String, certificateRequested: Bool, offeredALPN: [String], hasClientCertificate: Bool) -> Finding {
        let (message, fix): (String, String)
        switch alert {
        case "protocol version":
            (message, fix) = ("The broker accepts none of the TLS versions the client offered.",
                              "Match the client's --tls-version to the broker's tls_version (see the versions the broker accepts).")
        case "no application protocol":
            (message, fix) = ("The broker accepts none of the ALPN protocols offered (\(offeredALPN.joined(separator: ", "))).",
                              "Offer the protocol the broker expects (AWS IoT: x-amzn-mqtt-ca on 443), or none.")
        case "handshake failure" where certificateRequested && !hasClientCertificate,
             "certificate required" where !hasClientCertificate:
            return Finding(
                id: .clientCertificateRequired, severity: .error,
                message: "The broker requires a client certificate (mutual TLS) and refused the handshake without one.",
                evidence: "CertificateRequest received, then TLS alert '\(alert)'",
                fix: "Give the client a certificate from a CA the broker trusts (mosquitto_sub --cert/--key; "
                    + "chaindoctor probe --cert/--key), or set require_certificate false on the listener.")
        case "handshake failure":
            (message, fix) = ("The broker found nothing acceptable in the client's offer (cipher suites, versions, "
                              + "signature algorithms).",
                              "Compare the broker's ciphers and tls_version with what the client offers; an old client "
                              + "may need TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256.")
        case "unknown ca", "bad certificate", "certificate expired", "certificate unknown", "decrypt error",
             "unsupported certificate", "certificate revoked", "access denied":
            return Finding(
                id: .clientCertificateRejected, severity: .critical,
                message: "The broker refused the client certificate: \(alert).",
                evidence: "TLS alert '\(alert)' during the handshake",
                fix: clientCertificate(alert: alert, issuers: "the CAs in its cafile"))
        default:
            (message, fix) = ("The broker ended the handshake with the alert '\(alert)'.",
                              "Read the broker's log for this connection; the alert names what it objected to.")
        }
        return Finding(id: .tlsAlert, severity: .critical, message: message, evidence: "TLS alert '\(alert)'", fix: fix)
    }

    static func clientCertificate(alert: String, issuers: String) -> String {
        switch alert {
        case "unknown ca":
            "The broker does not trust the issuer of the client certificate: add that CA to the broker's cafile "
                + "(mosquitto: cafile on the listener) or use a client certificate issued by \(issuers)."
        case "certificate expired":
            "The client certificate (or its issuer) has expired: renew it on the client."
        case "bad certificate", "unsupported certificate":
            "The broker cannot use the client certificate: check it has extendedKeyUsage clientAuth and a valid "
                + "signature, and that the client sends its intermediates (cert file = client cert + intermediates)."
        case "decrypt error":
            "The client's key does not match its certificate, or it signed with an algorithm the broker refuses."
        case "certificate required":
            "The client sent no certificate: configure --cert and --key on the client."
        default:
            "The broker's log says why it refused the client certificate; the alert was '\(alert)'."
        }
    }
}
