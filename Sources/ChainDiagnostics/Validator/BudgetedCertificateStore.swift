import X509

/// A certificate store for swift-certificates' `Verifier` (a `CustomCertificateStore`) that charges every issuer
/// lookup to a `PathSearchBudget`: the bound on path building the `Verifier` lacks. Both the trust anchors and the
/// presented intermediates go through one, sharing one budget.
struct BudgetedCertificateStore: CustomCertificateStore {
    private var bySubject: [DistinguishedName: [Certificate]] = [:]
    private let budget: PathSearchBudget

    init(_ certificates: [Certificate], budget: PathSearchBudget) {
        self.budget = budget
        append(contentsOf: certificates)
    }

    /// Certificates already indexed by subject, each once (an `AnchorSet`'s).
    init(index: [DistinguishedName: [Certificate]], budget: PathSearchBudget) {
        self.budget = budget
        bySubject = index
    }

    subscript(subject: DistinguishedName) -> [Certificate]? {
        get async {
            guard let found = bySubject[subject], budget.take(found.count) else { return nil }
            return found
        }
    }

    func contains(_ certificate: Certificate) async -> Bool {
        bySubject[certificate.subject]?.contains(certificate) ?? false
    }

    mutating func append(contentsOf certificates: some Sequence<Certificate>) {
        for certificate in certificates where bySubject[certificate.subject]?.contains(certificate) != true {
            bySubject[certificate.subject, default: []].append(certificate)
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.budget === rhs.budget && lhs.bySubject == rhs.bySubject
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(budget))
        hasher.combine(bySubject.count)
    }
}
