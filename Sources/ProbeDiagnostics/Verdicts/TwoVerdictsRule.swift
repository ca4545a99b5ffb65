public import ChainDiagnostics
public import Findings
public import TLSProbe

/// Two verdicts on one chain, each explained: OpenSSL's X509_verify_cert (what OpenSSL clients do) and the strict
/// validator (RFC 5280 and Web PKI rules, backtracking, as Go, Java and rustls do). The analyzer's findings explain
/// the chain as OpenSSL sees it; this rule makes every rejection of either verdict carry a finding that names its
/// rule and certificate, and lets no finding claim more than the verdicts say. A disagreement between them is
/// therefore told as what it is, which clients connect and which do not, never as "please report this case".
public enum TwoVerdictsRule {
    /// The findings of the analyzer, reconciled with both verdicts for `basis`.
    /// - Parameter identityIsIP: the client dials an IP address (a strict identity failure is then ip_not_in_san).
    public static func findings(
        analyzer: [Finding], openssl: OpenSSLVerdict?, strict: StrictVerdict?, basis: VerdictBasis,
        identityIsIP: Bool
    ) -> [Finding] {
        var findings = analyzer
        let opensslAccepts = openssl?.isValid
        // The analyzer models OpenSSL; where OpenSSL accepts all the same, OpenSSL clients connect.
        if opensslAccepts == true {
            for index in findings.indices where findings[index].severity == .critical {
                findings[index].severity = .error
                findings[index].evidence += "; OpenSSL accepts the chain all the same: OpenSSL clients connect"
            }
        }
        if basis != .openssl, let strict, !strict.accepted {
            for rejection in distinct(strict.rejections) {
                explain(rejection, opensslAccepts: opensslAccepts, identityIsIP: identityIsIP, in: &findings)
            }
        }
        if let openssl, !openssl.isValid, !findings.contains(where: { $0.severity == .critical }) {
            findings.append(opensslFailure(openssl))
        }
        // Strict clients connect where OpenSSL clients do not: with --verdict strict that is a warning.
        if basis == .strict, strict?.accepted == true, opensslAccepts == false {
            for index in findings.indices where findings[index].severity == .critical {
                findings[index].severity = .warning
                findings[index].evidence +=
                    "; strict clients (Go, Java, rustls) accept the chain: only OpenSSL "
                    + "clients fail"
            }
        }
        if findings.contains(where: { $0.severity >= .warning }) {
            findings.removeAll { $0.id == .chainValid }
        }
        return findings.sortedWorstFirst()
    }

    /// Whether a client of `basis` accepts the chain; nil when no verdict of that kind could be made.
    public static func accepted(openssl: OpenSSLVerdict?, strict: StrictVerdict?, basis: VerdictBasis) -> Bool? {
        switch basis {
        case .openssl: openssl?.isValid
        case .strict: strict?.accepted
        case .both:
            switch (openssl?.isValid, strict?.accepted) {
            case (nil, nil): nil
            case (let one?, nil), (nil, let one?): one
            case (let one?, let other?): one && other
            }
        }
    }

    /// One rejection per rule and certificate: the validator keeps one per rejected candidate path.
    static func distinct(_ rejections: [StrictRejection]) -> [StrictRejection] {
        var seen: Set<String> = []
        return rejections.filter { seen.insert("\($0.rule.rawValue)@\($0.presentedIndex ?? -1)").inserted }
    }

    /// The strict rejection as a finding: the analyzer's own finding for the same defect when it has one (made at
    /// least as severe as the strict verdict makes it), else a finding of its own.
    static func explain(
        _ rejection: StrictRejection, opensslAccepts: Bool?, identityIsIP: Bool, in findings: inout [Finding]
    ) {
        let severity: Severity = opensslAccepts == false ? .critical : .error
        let id = findingID(rejection.rule, identityIsIP: identityIsIP)
        // Where no path reaches a trust anchor, the analyzer has already said why, from the certificate the path
        // stops at; the strict search stops at the same place (its rule name may differ: missing_issuer for the
        // analyzer's untrusted_root).
        if pathEndRules.contains(rejection.rule),
            findings.contains(where: { pathEndFindings.contains($0.id) && $0.severity >= .error })
        {
            return
        }
        let opensslNote =
            opensslAccepts == true ? "; OpenSSL accepts the chain: OpenSSL clients (mosquitto_sub, paho) connect" : ""
        if let index = findings.firstIndex(where: { $0.id == id }) {
            if findings[index].severity < severity {
                findings[index].severity = severity
                findings[index].evidence +=
                    "; strict clients (Go, Java, rustls) refuse it (rule \(rejection.rule.rawValue))"
                    + opensslNote
            }
            return
        }
        findings.append(
            Finding(
                id: id, severity: severity,
                certificates: [
                    CertificateReference(presentedIndex: rejection.presentedIndex, subject: rejection.subject)
                ],
                message: "Strict clients (Go's crypto/x509, Java's PKIX, rustls) refuse the chain: \(rejection.detail)",
                evidence: "strict rule \(rejection.rule.rawValue) (RFC 5280 and Web PKI rules, backtracking path "
                    + "building)" + opensslNote,
                fix: fix(rejection.rule)))
    }

    /// Strict rules that say no path reaches a trust anchor.
    static let pathEndRules: Set<StrictRule> = [.missingIssuer, .untrustedRoot, .signatureInvalid]
    /// Analyzer findings that say why no path reaches a trust anchor.
    static let pathEndFindings: Set<FindingID> = [
        .untrustedRoot, .missingIntermediate, .selfSignedLeaf, .signatureInvalid, .weakKey, .unparseableCertificate,
    ]

    /// The analyzer's finding id for the same defect, where there is one.
    static func findingID(_ rule: StrictRule, identityIsIP: Bool) -> FindingID {
        switch rule {
        case .expired: .expired
        case .notYetValid: .notYetValid
        case .hostnameMismatch: identityIsIP ? .ipNotInSAN : .hostnameMismatch
        case .missingSubjectAltName: .cnOnly
        case .nameConstraints: .nameConstraintViolated
        case .pathLengthExceeded: .pathLengthExceeded
        case .notCA: .issuerNotCA
        case .keyUsage, .extendedKeyUsage: .leafNotForServerAuth
        case .weakKey: .weakKey
        case .weakSignatureAlgorithm: .weakSignature
        case .untrustedRoot: .untrustedRoot
        case .missingIssuer: .missingIntermediate
        case .signatureInvalid: .signatureInvalid
        default: .strictRuleViolated
        }
    }

    /// What to change, by rule, on the side that can change it.
    static func fix(_ rule: StrictRule) -> String {
        switch rule {
        case .missingSubjectAltName:
            "Re-issue the broker's certificate with subjectAltName DNS:<the name clients dial> (and IP:<address> if "
                + "they dial one); Go, Java and rustls never read the subject CN."
        case .nameConstraints:
            "Re-issue the broker's certificate for a name the issuing CA is permitted to certify, or ask the CA for one "
                + "issued under a CA without the constraint."
        case .hostnameMismatch:
            "Re-issue the broker's certificate naming the host clients dial in subjectAltName; a wildcard covers one "
                + "whole label (*.example.com), never part of one."
        case .keyUsage, .extendedKeyUsage:
            "Re-issue the certificate with keyUsage digitalSignature (keyCertSign for a CA) and extendedKeyUsage "
                + "serverAuth, or without extendedKeyUsage."
        case .leafIsCA:
            "Serve a leaf certificate (basicConstraints CA:FALSE), not a CA certificate."
        case .unknownCriticalExtension:
            "Re-issue the certificate without the critical extension strict clients do not know, or mark it "
                + "non-critical."
        default:
            "Re-issue the certificate the message names from a current CA profile (RFC 5280, CA/Browser Forum "
                + "Baseline Requirements); compare with the OpenSSL verdict for the clients that accept it today."
        }
    }

    /// OpenSSL's own error, when nothing else explains its refusal.
    static func opensslFailure(_ openssl: OpenSSLVerdict) -> Finding {
        Finding(
            id: .opensslVerifyFailed,
            message: "OpenSSL refuses the chain: \(openssl.text) (code \(openssl.code), depth \(openssl.depth)).",
            evidence: "X509_verify_cert: \(openssl.code) \(openssl.text) at depth \(openssl.depth); "
                + openssl.problems.dropFirst().map { "then \($0.code) \($0.text) at depth \($0.depth)" }
                .joined(separator: "; "),
            fix: "Look up OpenSSL's code \(openssl.code) in openssl-verify(1) for the certificate at depth "
                + "\(openssl.depth) (0 is the leaf); OpenSSL clients print '\(openssl.text)'.")
    }
}
