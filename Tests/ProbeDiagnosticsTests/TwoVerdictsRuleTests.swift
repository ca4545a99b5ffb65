import ChainDiagnostics
import Findings
import ProbeDiagnostics
import TLSProbe
import Testing

/// Two verdicts, each rejection explained: OpenSSL's and the strict validator's, reconciled with the analyzer's
/// findings for each --verdict basis.
@Suite(.timeLimit(.minutes(10))) struct TwoVerdictsRuleTests {
    let ok = OpenSSLVerdict(code: 0, text: "ok", depth: 0, problems: [])
    let refused = OpenSSLVerdict(code: 47, text: "permitted subtree violation", depth: 0, problems: [])
    let strictOK = StrictVerdict(accepted: true, path: [], rejections: [])

    func strictRefusing(_ rule: StrictRule, index: Int? = 0) -> StrictVerdict {
        StrictVerdict(
            accepted: false, path: nil,
            rejections: [StrictRejection(rule: rule, presentedIndex: index, subject: "CN=broker.test", detail: "why")])
    }

    func finding(_ id: FindingID, _ severity: Severity? = nil) -> Finding {
        Finding(id: id, severity: severity, message: id.rawValue, evidence: "e", fix: "f")
    }

    func reconcile(
        _ analyzer: [Finding], _ openssl: OpenSSLVerdict?, _ strict: StrictVerdict?, _ basis: VerdictBasis = .both
    ) -> [Finding] {
        TwoVerdictsRule.findings(
            analyzer: analyzer, openssl: openssl, strict: strict, basis: basis, identityIsIP: false)
    }

    @Test func agreementChangesNothing() {
        let valid = [finding(.chainValid)]
        #expect(reconcile(valid, ok, strictOK) == valid)
        let broken = [finding(.missingIntermediate)]
        #expect(reconcile(broken, refused, strictRefusing(.missingIssuer)).map(\.id) == [.missingIntermediate])
    }

    /// OpenSSL refuses what the analyzer accepted: the strict rule names why, and chain_valid goes.
    @Test func anOpenSSLRefusalTheAnalyzerMissedIsExplained() {
        let both = reconcile([finding(.chainValid)], refused, strictRefusing(.nameConstraints))
        #expect(both.map(\.id) == [.nameConstraintViolated])
        #expect(both.first?.severity == .critical)
        // Nothing but OpenSSL's own error to go on: that is the explanation.
        let alone = reconcile([finding(.chainValid)], refused, strictOK)
        #expect(alone.map(\.id) == [.opensslVerifyFailed])
        #expect(alone.first?.message.contains("permitted subtree violation") == true)
    }

    /// Strict clients refuse what OpenSSL clients accept: an error, not critical, and it says who connects.
    @Test func aStrictOnlyRefusalIsAnError() {
        let cnOnly = reconcile([finding(.cnOnly)], ok, strictRefusing(.missingSubjectAltName))
        #expect(cnOnly.map(\.id) == [.cnOnly])
        #expect(cnOnly.first?.severity == .error)
        #expect(cnOnly.first?.evidence.contains("OpenSSL clients (mosquitto_sub, paho) connect") == true)
        let profile = reconcile([finding(.chainValid)], ok, strictRefusing(.unknownCriticalExtension))
        #expect(profile.map(\.id) == [.strictRuleViolated])
        // With --verdict openssl, the strict refusal is reported in its own block only.
        #expect(
            reconcile([finding(.chainValid)], ok, strictRefusing(.unknownCriticalExtension), .openssl).map(\.id)
                == [.chainValid])
    }

    /// The analyzer never claims more than OpenSSL: a critical finding OpenSSL does not share becomes an error.
    @Test func anAnalyzerCriticalOpenSSLDoesNotShareIsAnError() {
        let reconciled = reconcile([finding(.weakKey)], ok, strictOK, .openssl)
        #expect(reconciled.first?.severity == .error)
        #expect(reconciled.first?.evidence.contains("OpenSSL accepts the chain all the same") == true)
    }

    /// Only OpenSSL clients fail (no backtracking): with --verdict strict that is a warning.
    @Test func anOpenSSLOnlyRefusalUnderTheStrictBasisIsAWarning() {
        let crossSigned = [finding(.untrustedRoot), finding(.alternatePath)]
        #expect(reconcile(crossSigned, refused, strictOK, .strict).first?.severity == .warning)
        #expect(reconcile(crossSigned, refused, strictOK, .both).first?.severity == .critical)
    }

    @Test func whichClientsAccept() {
        #expect(TwoVerdictsRule.accepted(openssl: ok, strict: strictRefusing(.expired), basis: .openssl) == true)
        #expect(TwoVerdictsRule.accepted(openssl: ok, strict: strictRefusing(.expired), basis: .strict) == false)
        #expect(TwoVerdictsRule.accepted(openssl: ok, strict: strictRefusing(.expired), basis: .both) == false)
        #expect(TwoVerdictsRule.accepted(openssl: nil, strict: strictOK, basis: .both) == true)
        #expect(TwoVerdictsRule.accepted(openssl: nil, strict: nil, basis: .both) == nil)
    }
}
