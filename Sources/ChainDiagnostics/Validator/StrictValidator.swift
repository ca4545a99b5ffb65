@_spi(FixedExpiryValidationTime) import X509

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The strict verdict: RFC 5280 and Web PKI rules, backtracking path building over the presented certificates
/// plus the trust store (as Go, Java and rustls validate).
///
/// Path building and the RFC 5280 core (validity, basicConstraints and pathLen with the self-issued rule, name
/// constraints on dNSName/iPAddress/URI, signature verification, critical extensions) are swift-certificates'
/// `Verifier` with `RFC5280Policy`; the name check is its `ServerIdentityPolicy`. What they lack is added as one
/// `VerifierPolicy` per rule in `Policies/`, each saying which clients enforce it. Every candidate path the
/// `Verifier` rejects is kept with its reason (`CertificateValidationResult.couldNotValidate`) and becomes one
/// `StrictRejection`; when no path reached an anchor, `DeadEndExplainer` says where each one stopped.
///
/// Bounds: at most `maximumPresentedCertificates` distinct presented certificates are looked at (duplicates are
/// dropped first), and path building hands out at most `maximumIssuerCandidates` candidate issuers (one signature
/// check each) before it gives up with `path_building_budget_exceeded`.
public struct StrictValidator: Sendable {
    public static let maximumPresentedCertificates = 100
    public static let maximumIssuerCandidates = 2_000

    public var policy: ChainPolicy
    /// The knobs; `.strict` for the strict verdict, a client family's for its imitation.
    public var profile: ValidationProfile

    public init(policy: ChainPolicy = ChainPolicy(), profile: ValidationProfile = .strict) {
        self.policy = policy
        self.profile = profile
    }

    /// Validates synchronously (the CLI's runners are synchronous); see `SynchronousBridge` for how the async
    /// `Verifier` is driven without deadlocking a caller on the cooperative pool.
    public func validate(
        presentedChain: [[UInt8]], trustAnchors: [[UInt8]], identity: ServerIdentity?, at instant: Date
    ) -> StrictVerdict {
        validate(
            presentedChain: presentedChain, trustAnchors: AnchorSet(der: trustAnchors), identity: identity, at: instant)
    }

    /// The same against anchors already parsed: what a run that validates more than once against one trust store
    /// (the strict verdict, then each client family; every broker of an audit) uses, with the presented
    /// certificates parsed once for all of them (`parses`).
    public func validate(
        presentedChain: [[UInt8]], trustAnchors: AnchorSet, identity: ServerIdentity?, at instant: Date,
        parses: CertificateParses = CertificateParses()
    ) -> StrictVerdict {
        guard !presentedChain.isEmpty else {
            return Self.rejected([
                StrictRejection(
                    rule: .noCertificate, presentedIndex: nil, subject: "",
                    detail: "The server presented no certificate, so there is nothing to validate (RFC 8446 §4.4.2).")
            ])
        }
        let inputs = StrictInputs(
            presented: presentedChain, anchors: trustAnchors, policy: policy, cap: Self.maximumPresentedCertificates,
            parses: parses)
        guard let leaf = inputs.leaf else {
            // The leaf itself is unusable; name it, and an unusable anchor or intermediate that issued it.
            let unusableLeaf = inputs.unusable.filter { $0.presentedIndex == 0 }
            let issuers = inputs.unusable.filter { candidate in
                candidate.presentedIndex != 0 && candidate.subject != nil
                    && unusableLeaf.contains { $0.issuer == candidate.subject }
            }
            return Self.rejected(
                unusableLeaf.map { $0.rejection(role: "leaf", neededBy: nil) }
                    + issuers.map {
                        $0.rejection(
                            role: $0.presentedIndex.map { "presented certificate \($0)" } ?? "trust anchor",
                            neededBy: unusableLeaf.first?.subject)
                    })
        }
        if profile.refusesExpiredExtraCertificates, let expired = Self.outOfValidity(inputs.intermediates, at: instant)
        {
            return Self.rejected([
                StrictRejection(
                    rule: expired.rule, presentedIndex: inputs.presentedIndex(of: expired.certificate),
                    subject: PathNaming.subject(expired.certificate),
                    detail: "The presented certificate '\(PathNaming.subject(expired.certificate))' is "
                        + (expired.rule == .expired ? "expired" : "not yet valid")
                        + "; this client checks every certificate sent, on the path or not: renew it or leave it out "
                        + "of the broker's certfile.")
            ])
        }
        if profile.nameConstraints == .refusedAnywhere,
            let constrained = inputs.all.first(where: {
                $0.extensions[oid: .X509ExtensionID.nameConstraints] != nil && !inputs.isAnchor($0)
            })
        {
            return Self.rejected([
                StrictRejection(
                    rule: .nameConstraints, presentedIndex: inputs.presentedIndex(of: constrained),
                    subject: PathNaming.subject(constrained),
                    detail: "The presented certificate '\(PathNaming.subject(constrained))' carries nameConstraints, "
                        + "which this client cannot parse, so it refuses the whole chain; leave it out of the broker's "
                        + "certfile, or issue the broker's certificate under a CA without them.")
            ])
        }
        let budget = PathSearchBudget(candidates: Self.maximumIssuerCandidates)
        let policy = self.policy
        let profile = self.profile
        let result = SynchronousBridge.run {
            await Self.search(
                leaf: leaf, inputs: inputs, identity: identity, instant: instant, policy: policy, profile: profile,
                budget: budget)
        }
        switch result {
        case .validCertificate(let chain)?:
            let path = chain.compactMap { inputs.der(of: $0) }
            return StrictVerdict(accepted: true, path: path, rejections: [])
        case .couldNotValidate(let failures)?:
            return Self.rejected(
                explain(failures, leaf: leaf, inputs: inputs, identity: identity, instant: instant, budget: budget))
        case nil:
            return Self.rejected([
                StrictRejection(
                    rule: .policyFailure, presentedIndex: 0, subject: PathNaming.subject(leaf),
                    detail: "The strict validation did not complete; please report this chain.")
            ])
        }
    }

    /// swift-certificates' `Verifier` with its RFC 5280 and server-identity policies and ours, in the order a client
    /// meets the problems: what a certificate is, then when, then how it may be used, then what it names. A policy
    /// runs only where the profile says the client enforces it.
    private static func search(
        leaf: Certificate, inputs: StrictInputs, identity: ServerIdentity?, instant: Date, policy: ChainPolicy,
        profile: ValidationProfile, budget: PathSearchBudget
    ) async -> CertificateValidationResult {
        let identityPolicy: ServerIdentityPolicy? =
            switch identity {
            case .dnsName(let name)?: ServerIdentityPolicy(serverHostname: name, serverIP: nil)
            case .ipAddress(let bytes)?:
                ServerIdentityPolicy(serverHostname: nil, serverIP: IPAddressText.format(bytes))
            case nil: nil
            }
        let roots = CertificateStore(
            custom: BudgetedCertificateStore(index: inputs.anchorSet.bySubject, budget: budget))
        let intermediates = CertificateStore(custom: BudgetedCertificateStore(inputs.intermediates, budget: budget))
        let strictNames = profile.commonNameFallback == .never && profile.ipAddressMatching == .subjectAltName
        var policies: [any VerifierPolicy] = [CriticalExtensionsPolicy(certificates: inputs.all)]
        if profile.pathBuilding != .backtracking {
            policies.append(PresentedOrderPolicy(pathBuilding: profile.pathBuilding, inputs: inputs, instant: instant))
        }
        if profile.refusesWeakSignatures {
            policies.append(SignatureAlgorithmPolicy())
        }
        policies.append(KeySizePolicy(policy: policy))
        policies.append(RFC5280Policy(fixedExpiryValidationTime: instant))
        if profile.nameConstraints != .processed {
            policies.append(UnsupportedNameConstraintsPolicy())
        }
        if profile.selfIssuedCountsTowardPathLength {
            policies.append(PathLengthCountingSelfIssuedPolicy())
        }
        if let maximum = profile.maximumIntermediates {
            policies.append(IntermediateLimitPolicy(maximum: maximum))
        }
        if let maximum = profile.reorderingLimit {
            policies.append(IntermediateLimitPolicy(maximum: maximum, onlyWhenReordering: inputs.presentedInOrder))
        }
        if profile.webPKIProfile {
            policies.append(CertificateAuthorityPolicy())
        }
        if profile.keyUsage != .none {
            policies.append(KeyUsagePolicy(checksLeaf: profile.keyUsage == .issuersAndLeaf))
        }
        if profile.checksExtendedKeyUsage {
            policies.append(ExtendedKeyUsagePolicy())
        }
        if profile.constrainsCommonName {
            policies.append(CommonNameConstraintsPolicy())
        }
        if profile.webPKIProfile {
            policies += [SerialNumberPolicy(), KeyIdentifierPolicy(), EmptySubjectPolicy()] as [any VerifierPolicy]
        }
        if strictNames {
            policies.append(SubjectAlternativeNamePolicy())
            if case .dnsName(let name)? = identity, !profile.partialLabelWildcards {
                policies.append(WildcardPolicy(hostname: name))
            }
            if let identityPolicy {
                policies.append(identityPolicy)
            }
        } else if let identity {
            policies.append(ClientIdentityPolicy(identity: identity, profile: profile))
        }
        let sequence = PolicySequence(policies: policies)
        var verifier = Verifier(rootCertificates: roots) { sequence }
        return await verifier.validate(leaf: leaf, intermediates: intermediates)
    }

    /// Every reason: one per rejected candidate path, then why no path reached an anchor, then the unusable
    /// certificates a path needed, then the work bound.
    private func explain(
        _ failures: [CertificateValidationResult.PolicyFailure], leaf: Certificate, inputs: StrictInputs,
        identity: ServerIdentity?, instant: Date, budget: PathSearchBudget
    ) -> [StrictRejection] {
        let translator = PolicyFailureTranslator(identity: identity, instant: instant)
        var rejections: [StrictRejection] = []
        func add(_ rejection: StrictRejection) {
            if !rejections.contains(rejection) { rejections.append(rejection) }
        }
        for failure in failures {
            let path = Array(failure.chain)
            let violation = translator.violation(reason: failure.policyFailureReason.description, path: path)
            let position = min(max(violation.position, 0), path.count - 1)
            let certificate = path[position]
            let trail = path.map { "'\(PathNaming.subject($0))'" }.joined(separator: " → ")
            add(
                StrictRejection(
                    rule: violation.rule, presentedIndex: inputs.presentedIndex(of: certificate),
                    subject: PathNaming.subject(certificate),
                    detail: violation.detail + (path.count > 1 ? " (Path tried: \(trail).)" : "")))
        }
        let (deadEnds, wanted) = DeadEndExplainer(inputs: inputs).explain(leaf: leaf)
        if failures.isEmpty {
            for deadEnd in deadEnds {
                add(
                    StrictRejection(
                        rule: deadEnd.rule, presentedIndex: inputs.presentedIndex(of: deadEnd.certificate),
                        subject: PathNaming.subject(deadEnd.certificate), detail: deadEnd.detail))
            }
        }
        for unusable in inputs.unusable {
            let dependant = unusable.subject.flatMap { wanted[$0] }
            guard dependant != nil || (unusable.subject == nil && unusable.presentedIndex != nil && failures.isEmpty)
            else { continue }
            let role = unusable.presentedIndex.map { "presented certificate \($0)" } ?? "trust anchor"
            add(unusable.rejection(role: role, neededBy: dependant.map(PathNaming.subject)))
        }
        if budget.exhausted {
            add(
                StrictRejection(
                    rule: .pathBuildingBudgetExceeded, presentedIndex: 0, subject: PathNaming.subject(leaf),
                    detail: "Path building for the leaf '\(PathNaming.subject(leaf))' stopped after "
                        + "\(Self.maximumIssuerCandidates) candidate issuers without finding a valid path; the "
                        + "presented chain holds too many certificates under the same names: serve only the leaf and "
                        + "its intermediates, in order."))
        }
        if rejections.isEmpty {
            add(
                StrictRejection(
                    rule: .missingIssuer, presentedIndex: 0, subject: PathNaming.subject(leaf),
                    detail: "No path from the leaf '\(PathNaming.subject(leaf))' to a trust anchor was found; serve "
                        + "the intermediates and trust the root that issued them."))
        }
        return rejections
    }

    /// The first certificate outside its validity period at `instant`.
    private static func outOfValidity(
        _ certificates: [Certificate], at instant: Date
    )
        -> (certificate: Certificate, rule: StrictRule)?
    {
        for certificate in certificates {
            if instant > certificate.notValidAfter { return (certificate, .expired) }
            if instant < certificate.notValidBefore { return (certificate, .notYetValid) }
        }
        return nil
    }

    private static func rejected(_ rejections: [StrictRejection]) -> StrictVerdict {
        StrictVerdict(accepted: false, path: nil, rejections: rejections)
    }
}
