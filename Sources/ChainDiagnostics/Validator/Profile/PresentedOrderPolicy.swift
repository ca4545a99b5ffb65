import SwiftASN1
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A path may use the presented certificates only in the order a client that does not reorder walks them
/// (`ValidationProfile.PathBuilding`): BearSSL takes them exactly as sent; mbedTLS takes the first certificate
/// further down the list that could issue the one before, without backtracking; wolfSSL any certificate further
/// down. Another path the `Verifier` finds may still meet the rule; when none does, the chain fails for its order.
struct PresentedOrderPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []
    var pathBuilding: ValidationProfile.PathBuilding
    var inputs: StrictInputs
    var instant: Date

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in 1..<path.count {
            let isAnchor = position == path.count - 1
            guard !follows(path[position], isAnchor: isAnchor, child: path[position - 1], position: position) else {
                continue
            }
            let index = inputs.presentedIndex(of: path[position])
            let rule: String =
                switch pathBuilding {
                case .inPresentedOrder: "each certificate must be followed by its issuer"
                case .firstMatchLaterOnly:
                    "it takes the first certificate further down the chain with the issuer's name, and never another"
                default: "an issuer must come after the certificate it issued"
                }
            return StrictViolation(
                rule: .presentationOrder, position: position,
                detail: "\(PathNaming.name(position, in: path).capitalizedFirst) is sent at position "
                    + "\(index.map(String.init) ?? "(not sent)"), out of the order this client reads (\(rule)); serve "
                    + "the leaf first, then each intermediate followed by its issuer, and nothing else.")
        }
        return nil
    }

    /// Whether this client would take `parent` as the issuer of `child` (at `position - 1` of the path).
    private func follows(_ parent: Certificate, isAnchor: Bool, child: Certificate, position: Int) -> Bool {
        let childIndex = inputs.presentedIndex(of: child) ?? 0
        switch pathBuilding {
        case .backtracking:
            return true
        case .inPresentedOrder:
            // The anchor comes from the trust store, whatever was sent after the certificate it issued.
            return isAnchor || inputs.presentedIndex(of: parent) == position
        case .laterCertificatesOnly:
            return isAnchor || (inputs.presentedIndex(of: parent).map { $0 > childIndex } ?? false)
        case .firstMatchLaterOnly:
            // The trusted CAs first (x509_crt_find_parent: trust_ca, then child->next onwards).
            if inputs.anchorSet.hasSubject(child.issuer) { return isAnchor }
            let candidates = inputs.intermediates.filter {
                $0.subject == child.issuer && (inputs.presentedIndex(of: $0) ?? 0) > childIndex && Self.isCA($0)
            }
            let chosen =
                candidates.first { instant >= $0.notValidBefore && instant <= $0.notValidAfter } ?? candidates.first
            return chosen.map { $0 == parent } ?? isAnchor
        }
    }

    /// A CA whose keyUsage, if any, allows keyCertSign: mbedTLS's `x509_crt_check_parent` skips any other candidate.
    private static func isCA(_ certificate: Certificate) -> Bool {
        guard case .isCertificateAuthority? = try? certificate.extensions.basicConstraints else { return false }
        guard let usage = (try? certificate.extensions.keyUsage) ?? nil else { return true }
        return usage.keyCertSign
    }
}
