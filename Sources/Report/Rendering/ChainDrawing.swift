import ChainDiagnostics
import Findings
import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The chain as an SVG drawing: on the left the certificates in the order the broker sent them, on the right the
/// path a client builds from the leaf to the trust anchor, each presented certificate joined to its place on the
/// path. What is wrong is written, not only coloured: EXPIRED, WEAK KEY, "out of order" on a link that crosses,
/// "not on the path" for an extra, and a dashed gap naming the issuer nobody sent when the path stops short.
struct ChainDrawing {
    var chain: ChainAnalysis
    var findings: [Finding]

    static let (boxWidth, boxHeight, rowHeight, top) = (300.0, 62.0, 82.0, 34.0)
    static let (leftX, rightX) = (10.0, 450.0)

    var svg: String {
        let presented = chain.presentedChain
        let path = chain.verifiedChain ?? chain.builtPath
        let trusted = chain.verifiedChain != nil
        let rows = max(presented.count, path.count + (trusted ? 0 : 1))
        let height = Self.top + Double(rows) * Self.rowHeight
        var out =
            "<svg class=\"chain\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(Self.rightX + Self.boxWidth + 10)) "
            + "\(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"certificate chain\">"
        out += "<text x=\"\(Self.leftX)\" y=\"18\">As presented (the order sent)</text>"
        out +=
            "<text x=\"\(Self.rightX)\" y=\"18\">"
            + (trusted ? "Verified path to the trust anchor" : "Path as far as it goes") + "</text>"

        // The links first, so that the boxes sit on top of them.
        var onPath: Set<Int> = []
        var labels = ""
        for (index, certificate) in presented.enumerated() {
            guard let row = path.firstIndex(where: { $0.sha256 == certificate.sha256 }) else { continue }
            onPath.insert(index)
            let from = (Self.leftX + Self.boxWidth, Self.center(index))
            let to = (Self.rightX, Self.center(row))
            let moved = row != index
            out +=
                "<path class=\"link\(moved ? " moved" : "")\" d=\"M\(from.0),\(from.1) C\(from.0 + 70),\(from.1) "
                + "\(to.0 - 70),\(to.1) \(to.0 - 6),\(to.1)\"/>"
            out +=
                "<polygon class=\"arrowhead\" points=\"\(to.0 - 8),\(to.1 - 5) \(to.0),\(to.1) \(to.0 - 8),\(to.1 + 5)\"/>"
            if moved {
                // Written after the boxes, between the columns: "out of order → [2]".
                labels +=
                    "<text class=\"flag\" x=\"\(from.0 + 8)\" y=\"\(from.1 + 16)\"><tspan class=\"warn\">"
                    + "out of order → [\(row)]</tspan></text>"
            }
        }
        for (index, certificate) in presented.enumerated() {
            out += box(
                certificate, x: Self.leftX, row: index, classes: "cert presented", label: "[\(index)]",
                extra: onPath.contains(index) ? nil : "not on the path", index: index)
        }
        for (row, certificate) in path.enumerated() {
            let isAnchor = trusted && row == path.count - 1
            let source =
                certificate.presentedIndex.map { "[\($0)]" }
                ?? (certificate.fromIntermediates ? "pool" : isAnchor ? "trust store" : "")
            out += box(
                certificate, x: Self.rightX, row: row, classes: "cert path\(isAnchor ? " anchor" : "")", label: source,
                extra: isAnchor ? "trust anchor" : nil, index: nil)
        }
        out += labels
        if !trusted {
            let row = path.count
            let y = Self.top + Double(row) * Self.rowHeight
            let missing = path.last?.issuerDisplayName ?? "the issuer"
            let reason = findings.first { $0.severity == .critical }?.id.rawValue ?? "no trusted path"
            out +=
                "<g class=\"gap\" data-missing=\"\(HTMLRenderer.text(missing))\"><rect class=\"gap\" x=\"\(Self.rightX)\" "
                + "y=\"\(y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"6\"/>"
            out +=
                "<text class=\"flag\" x=\"\(Self.rightX + 10)\" y=\"\(y + 22)\"><tspan class=\"bad\">missing: "
                + "\(HTMLRenderer.text(HTMLRenderer.clip(missing, 34)))</tspan><title>\(HTMLRenderer.text(missing))</title></text>"
            out +=
                "<text class=\"small\" x=\"\(Self.rightX + 10)\" y=\"\(y + 42)\">\(HTMLRenderer.text(reason)): neither "
                + "sent nor trusted</text></g>"
        }
        return out + "</svg>"
    }

    static func center(_ row: Int) -> Double { top + Double(row) * rowHeight + boxHeight / 2 }

    func box(
        _ certificate: CertificateSummary, x: Double, row: Int, classes: String, label: String, extra: String?,
        index: Int?
    ) -> String {
        let y = Self.top + Double(row) * Self.rowHeight
        var flags: [(String, String)] = []
        if certificate.daysRemaining < 0 { flags.append(("EXPIRED", "bad")) }
        if Self.weak(certificate.publicKey) { flags.append(("WEAK KEY", "bad")) }
        if certificate.selfSigned && certificate.presentedIndex == 0 { flags.append(("SELF-SIGNED LEAF", "bad")) }
        if certificate.daysRemaining >= 0 && certificate.daysRemaining <= 30 {
            flags.append(("expires in \(certificate.daysRemaining) days", "warn"))
        }
        if let extra { flags.append((extra, extra == "trust anchor" ? "ok" : "warn")) }
        let tone = flags.contains { $0.1 == "bad" } ? " bad" : flags.contains { $0.1 == "warn" } ? " warn" : ""
        let name = certificate.displayName
        var out = "<g class=\"\(classes)\"\(index.map { " data-index=\"\($0)\"" } ?? "")>"
        out +=
            "<title>\(HTMLRenderer.text(certificate.subject))&#10;issuer: \(HTMLRenderer.text(certificate.issuer))"
            + "&#10;valid until \(certificate.notAfter.iso8601Text)</title>"
        out +=
            "<rect class=\"box\(tone)\(classes.includes("anchor") ? " anchor" : "")\" x=\"\(x)\" y=\"\(y)\" "
            + "width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"6\"/>"
        out +=
            "<text x=\"\(x + 10)\" y=\"\(y + 18)\">\(HTMLRenderer.text(label)) "
            + "\(HTMLRenderer.text(HTMLRenderer.clip(name, 36)))</text>"
        out +=
            "<text class=\"small\" x=\"\(x + 10)\" y=\"\(y + 35)\">issued by "
            + "\(HTMLRenderer.text(HTMLRenderer.clip(certificate.issuerDisplayName, 34)))</text>"
        if !flags.isEmpty {
            out +=
                "<text class=\"flag\" x=\"\(x + 10)\" y=\"\(y + 53)\">"
                + flags.map { "<tspan class=\"\($0.1)\">\(HTMLRenderer.text($0.0))</tspan>" }.joined(separator: " · ")
                + "</text>"
        }
        return out + "</g>"
    }

    static func weak(_ key: CertificateSummary.PublicKeyInfo) -> Bool {
        switch key.algorithm {
        case "RSA": (key.bits ?? 0) < 2048
        case "EC": (key.bits ?? 256) < 256
        default: false
        }
    }
}
