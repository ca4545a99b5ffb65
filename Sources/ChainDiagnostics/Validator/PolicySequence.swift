import SwiftASN1
import X509

/// The strict validator's policies as one `VerifierPolicy`, run in order until one fails: what swift-certificates'
/// `PolicyBuilder` block does, without its types. The builder nests each policy and each `if` in a generic type of
/// its own (`PolicyBuilder.Tuple2` of `Tuple2` of `WrappedOptional`…, twenty levels here), and the Swift runtime
/// instantiates such a type's metadata on first use from its mangled name, checking each level's conformance
/// against every conformance record of the binary: 6.5 million instructions per probe, a third of what its three
/// verdicts cost (`Benchmarks/README.md`). An array of existentials needs no instantiation.
struct PolicySequence: VerifierPolicy {
    var policies: [any VerifierPolicy]

    var verifyingCriticalExtensions: [ASN1ObjectIdentifier] { policies.flatMap(\.verifyingCriticalExtensions) }

    mutating func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        for index in policies.indices {
            if case .failsToMeetPolicy(let reason) = await policies[index].chainMeetsPolicyRequirements(chain: chain) {
                return .failsToMeetPolicy(reason: reason)
            }
        }
        return .meetsPolicy
    }
}
