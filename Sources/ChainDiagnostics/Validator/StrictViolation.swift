import X509

/// What one of our policies found wrong with a candidate path: the rule, the position of the certificate it names
/// (0 is the leaf, the last is the trust anchor) and the sentence for the person.
///
/// swift-certificates carries a policy's reason as a string only (`PolicyFailureReason`), and keeps it with the
/// rejected path in `CertificateValidationResult.couldNotValidate`. So that nothing is lost on the way, our policies
/// write the three fields into that string behind a separator no certificate text contains, and the validator reads
/// them back; reasons from swift-certificates' own policies are classified by `PolicyFailureTranslator` instead.
struct StrictViolation: Sendable, Equatable {
    var rule: StrictRule
    var position: Int
    var detail: String

    /// ASCII unit separator: never in a rule name, a number or the sentences we write.
    static let separator: Character = "\u{1F}"

    var policyResult: PolicyEvaluationResult {
        let text = "\(Self.separator)\(rule.rawValue)\(Self.separator)\(position)\(Self.separator)\(detail)"
        return .failsToMeetPolicy(reason: text)
    }

    init(rule: StrictRule, position: Int, detail: String) {
        self.rule = rule
        self.position = position
        self.detail = detail
    }

    /// Reads back a reason written by `policyResult`; nil for any other reason.
    init?(reason: String) {
        guard reason.first == Self.separator else { return nil }
        let fields = reason.dropFirst().split(separator: Self.separator, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let rule = StrictRule(rawValue: String(fields[0])), let position = Int(fields[1])
        else { return nil }
        self.init(rule: rule, position: position, detail: String(fields[2]))
    }
}
