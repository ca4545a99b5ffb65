import Findings

/// RFC 5246 §7.4.2 requires each certificate to be followed by the one that certifies it; RFC 8446 §4.4.2
/// relaxes that for TLS 1.3 but keeps the leaf first. OpenSSL clients re-order, strict ones do not.
extension ChainCheckContext {
    func orderFindings() -> [Finding] {
        let presentedOnPath = path.compactMap { entry in entry.presentedIndex.map { (entry.certificate, $0) } }
        let indices = presentedOnPath.map(\.1)
        guard indices != indices.sorted() else { return [] }
        let sent = presented.map { "\($0.index): '\($0.certificate.displayName)'" }.joined(separator: ", ")
        let wanted = presentedOnPath.map { "'\($0.0.displayName)'" }.joined(separator: ", ")
        return [
            Finding(
                id: .wrongOrder, severity: .warning,
                certificates: presentedOnPath.map { reference($0.0, $0.1) },
                message: "The broker sends its certificates out of order: not each one followed by its issuer.",
                evidence: "sent \(sent); issuing order is \(wanted)",
                fix: "Concatenate certfile in issuing order: \(wanted) (leaf first, then each intermediate followed by "
                    + "the one that issued it, root left out). OpenSSL clients tolerate the current order; "
                    + "strict TLS 1.2 clients and some embedded stacks reject it.")
        ]
    }
}
