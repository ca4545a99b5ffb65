import Findings
import X509

/// RFC 5280 §6.1.4 (k), (l), (m), (n): every certificate that issues another must be a CA (basicConstraints
/// cA TRUE and, when keyUsage is present, keyCertSign), and no CA may have more intermediates below it than
/// its pathLenConstraint allows. OpenSSL: 79 "invalid CA certificate", 25 "path length constraint exceeded".
extension ChainCheckContext {
    func constraintFindings() -> [Finding] {
        var findings: [Finding] = []
        for position in path.indices.dropFirst() {
            let entry = path[position]
            let certificate = entry.certificate.certificate
            let issued = path[position - 1].certificate.displayName
            let constraints = (try? certificate.extensions.basicConstraints) ?? nil
            let keyUsage = (try? certificate.extensions.keyUsage) ?? nil
            var problems: [String] = []
            switch constraints {
            case .isCertificateAuthority(let maxPathLength):
                // Intermediates below this CA, the leaf not counted, and self-issued ones not counted either
                // (RFC 5280 §6.1.4 (l): only a certificate that is not self-issued decrements max_path_length).
                let below = path[1..<position].filter { !$0.certificate.isSelfIssued }.count
                if let maxPathLength, below > maxPathLength {
                    findings.append(
                        Finding(
                            id: .pathLengthExceeded, severity: .critical, certificates: [reference(entry)],
                            message:
                                "\(label(entry).capitalizedFirst) allows \(maxPathLength) intermediate\(maxPathLength == 1 ? "" : "s") "
                                + "below it (pathlen:\(maxPathLength)), but the path has \(below).",
                            evidence: "path: \(path.map { $0.certificate.displayName }.joined(separator: " → "))",
                            fix:
                                "Issue the broker's certificate directly from an intermediate the constraint allows, or "
                                + "re-issue '\(entry.certificate.displayName)' with a larger pathlen."))
                }
            case .notCertificateAuthority:
                problems.append("basicConstraints CA:FALSE")
            case nil:
                problems.append("no basicConstraints extension")
            }
            if let keyUsage, !keyUsage.keyCertSign {
                problems.append("keyUsage \(keyUsage) without keyCertSign")
            }
            if !problems.isEmpty {
                findings.append(
                    Finding(
                        id: .issuerNotCA, severity: .critical, certificates: [reference(entry)],
                        message: "\(label(entry).capitalizedFirst) issued '\(issued)' but is not a CA.",
                        evidence: problems.joined(separator: "; ") + "; OpenSSL: 79 invalid CA certificate",
                        fix: "Issue the broker's certificate from a real CA certificate (basicConstraints = critical, "
                            + "CA:TRUE; keyUsage = keyCertSign, cRLSign); a leaf certificate cannot sign others."))
            }
        }
        return findings
    }
}
