public import ChainDiagnostics
public import Findings
public import TLSProbe

/// chaindoctor's analyzer and OpenSSL's X509_verify_cert judge the same chain, trust store, identity and instant.
public enum VerdictAgreementRule {
    /// Our verdict must agree with OpenSSL's X509_verify_cert; when it does not, say so loudly: one of the
    /// two is wrong, and the user deserves to know which text their client will print.
    public static func findings(chain: ChainAnalysis, openssl: OpenSSLVerdict) -> [Finding] {
        let ours = chain.acceptedByStandardClient
        let theirs = openssl.isValid
        guard ours != theirs else { return [] }
        return [
            Finding(
                id: .verdictDisagreement, severity: .error,
                message: ours
                    ? "chaindoctor accepts this chain but OpenSSL rejects it: \(openssl.text)."
                    : "chaindoctor rejects this chain but OpenSSL accepts it.",
                evidence: "OpenSSL verify code \(openssl.code) (\(openssl.text)) at depth \(openssl.depth)",
                fix: "Trust OpenSSL's verdict for OpenSSL-based clients and please report this case to chaindoctor.")
        ]
    }
}
