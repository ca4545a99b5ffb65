import FoundationSubstitutes
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns one rejected candidate path of swift-certificates' `CertificateValidationResult.couldNotValidate` into a
/// `StrictViolation`: our policies' reasons are read back as written (`StrictViolation(reason:)`); the reasons of
/// swift-certificates' own `RFC5280Policy` and `ServerIdentityPolicy` are plain English naming a certificate by its
/// whole description, so they are classified by their wording (as of swift-certificates 1.21) and the certificate
/// found by that description. A wording this does not know becomes `policy_failure` with the text kept.
struct PolicyFailureTranslator {
    var identity: ServerIdentity?
    var instant: Date

    func violation(reason: String, path: [Certificate]) -> StrictViolation {
        if let ours = StrictViolation(reason: reason) { return ours }
        let position = path.indices.first { reason.contains(String(describing: path[$0])) } ?? 0
        let name = PathNaming.name(position, in: path).capitalizedFirst
        let certificate = path[position]
        let readable = readableReason(reason, path: path)
        func violation(_ rule: StrictRule, _ detail: String) -> StrictViolation {
            StrictViolation(rule: rule, position: position, detail: detail)
        }
        if reason.includes("has expired") {
            return violation(
                .expired,
                "\(name) expired at \(Self.format(certificate.notValidAfter)), before \(Self.format(instant)) "
                    + "(RFC 5280 §4.1.2.5; notAfter itself is still valid); renew it and install the new certificate.")
        }
        if reason.includes("is not yet valid") {
            return violation(
                .notYetValid,
                "\(name) is valid only from \(Self.format(certificate.notValidBefore)), after \(Self.format(instant)) "
                    + "(RFC 5280 §4.1.2.5); check the clocks of the CA and the client, or wait.")
        }
        if reason.includes("invalid expiry") {
            return violation(
                .invalidValidity, "\(name) has notBefore after notAfter (RFC 5280 §4.1.2.5); re-issue it.")
        }
        if reason.includes("maximum path length") {
            return violation(
                .pathLengthExceeded,
                "\(name) allows fewer intermediates below it than this path has (pathLenConstraint, RFC 5280 §4.2.1.9 "
                    + "and §6.1.4; self-issued certificates do not count): \(readable). Re-issue it with a larger "
                    + "pathlen, or shorten the chain.")
        }
        if reason.includes("is not marked as a CA") {
            return violation(
                .notCA,
                "\(name) issues a certificate but is not a CA (basicConstraints cA=TRUE missing, RFC 5280 §4.2.1.9, "
                    + "§6.1.4 (k)); re-issue it with basicConstraints critical, CA:TRUE.")
        }
        if reason.includes("version 1 certificate contains extensions") {
            return violation(
                .certificateVersion,
                "\(name) is X.509 v1 but has extensions, which only v3 may carry (RFC 5280 §4.1.2.1); re-issue it.")
        }
        if reason.includes("Unable to decode") || reason.includes("Error processing")
            || reason.includes("Error parsing")
        {
            return violation(.malformedExtension, "\(name) has an extension that does not decode: \(readable).")
        }
        if reason.includes("name constraints") || reason.includes("subtree") || reason.includes("directoryName") {
            let constraining = path.indices.dropFirst().first {
                path[$0].extensions[oid: .X509ExtensionID.nameConstraints] != nil
            }
            let by = constraining.map { " set by \(PathNaming.name($0, in: path))" } ?? ""
            return StrictViolation(
                rule: .nameConstraints, position: 0,
                detail: "\(PathNaming.name(0, in: path).capitalizedFirst) has a name outside the name constraints"
                    + "\(by) (RFC 5280 §4.2.1.10): \(readable). Re-issue the leaf with names inside the constraints, "
                    + "or use a CA whose constraints permit them.")
        }
        if reason.includes("None of the names in SAN extension matched") || reason.includes("does not match") {
            return StrictViolation(rule: .hostnameMismatch, position: 0, detail: mismatch(path[0]))
        }
        if reason.includes("No SAN extension") {
            return StrictViolation(
                rule: .missingSubjectAltName, position: 0,
                detail: "\(PathNaming.name(0, in: path).capitalizedFirst) has no subjectAltName; re-issue it with one.")
        }
        return violation(.policyFailure, "\(name) fails a swift-certificates policy: \(readable).")
    }

    /// "The leaf 'CN=…' is not valid for 'broker.test': its subjectAltName has DNS:a, IP:b …".
    private func mismatch(_ leaf: Certificate) -> String {
        let names = ((try? leaf.extensions.subjectAlternativeNames) ?? nil).map { sans in
            sans.map { name -> String in
                switch name {
                case .dnsName(let dns): "DNS:\(dns)"
                case .ipAddress(let octets): "IP:\(IPAddressText.format(Array(octets.bytes)))"
                default: String(describing: name)
                }
            }
        }
        let dialled = identity.map { "'\($0)'" } ?? "the server"
        let kind: String
        switch identity {
        case .ipAddress:
            kind = "an IP address must be an IP: entry (RFC 6125 §6.2; a DNS: entry or the CN never matches it)"
        default: kind = "a * wildcard matches exactly one left-most label (RFC 6125 §6.4.3)"
        }
        return "The leaf '\(PathNaming.subject(leaf))' is not valid for \(dialled): its subjectAltName lists "
            + "\((names ?? []).joined(separator: ", ")), and \(kind); re-issue it with the name the clients dial, or "
            + "dial a listed one."
    }

    /// swift-certificates' text with each certificate's whole description replaced by its subject.
    private func readableReason(_ reason: String, path: [Certificate]) -> String {
        var text = reason.replacingAll(of: "RFC5280Policy: ", with: "")
        for certificate in path {
            text = text.replacingAll(
                of: String(describing: certificate), with: "'\(PathNaming.subject(certificate))'")
        }
        return text
    }

    static func format(_ date: Date) -> String {
        date.iso8601Text
    }
}
