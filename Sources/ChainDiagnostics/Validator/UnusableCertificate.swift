import SwiftASN1
import X509

/// A presented certificate or trust anchor swift-certificates cannot use, judged by what it is.
///
/// swift-certificates refuses RSA under 2048 bits, curves other than P-256/384/521, DSA, and some encodings; such a
/// certificate can be on no path it builds. It is read from its DER (`UnparseableCertificate`), so that a P-192 or
/// RSA-1024 trust anchor is named with its key instead of making the trust store look empty, and so that a
/// certificate refused for its encoding is never blamed on a key that is fine (a P-256 key is not "weaker than
/// P-256"; a 2048-bit RSA key is not weak).
struct UnusableCertificate: Sendable {
    var der: [UInt8]
    /// Its index in the presented chain; nil for a trust-store certificate.
    var presentedIndex: Int?
    /// The subject as swift-certificates prints a DistinguishedName (what the validator compares issuers with).
    var subject: String?
    /// The issuer, printed the same way, when it can be read.
    var issuer: String?
    var rule: StrictRule
    /// What it is, for the sentence: "an RSA 1024-bit key", "an EC key on P-192 (192 bits)".
    var what: String

    /// Curves swift-certificates supports: refusing a certificate with one of these is about something else.
    static let supportedCurves: Set<String> = ["1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35"]
    static let dsa = "1.2.840.10040.4.1"

    /// Signature algorithms swift-certificates does not verify, and Go (since 1.16), rustls and browsers neither.
    static let unsupportedSignatureAlgorithms: [String: String] = [
        "1.2.840.10040.4.3": "dsa-with-sha1", "2.16.840.1.101.3.4.3.1": "dsa-with-sha224",
        "2.16.840.1.101.3.4.3.2": "dsa-with-sha256", "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
        "1.2.840.113549.1.1.2": "md2WithRSAEncryption", "1.2.840.10045.4.1": "ecdsa-with-SHA1",
    ]

    init(der: [UInt8], presentedIndex: Int?, policy: ChainPolicy) {
        let read = UnparseableCertificate(der: der)
        self.der = der
        self.presentedIndex = presentedIndex
        self.subject = read.subject
        let fields = Self.fields(der)
        self.issuer = fields.issuer
        switch read.reason {
        case .weakRSAKey(let bits?) where bits >= max(2048, policy.minimumRSABits):
            (rule, what) = (
                .malformedCertificate, "an encoding swift-certificates refuses (its RSA \(bits)-bit key is fine)"
            )
        case .weakRSAKey(let bits):
            (rule, what) = (.weakKey, bits.map { "an RSA \($0)-bit key" } ?? "an RSA key under 1024 bits")
        case .weakECKey(let curve, let bits?):
            (rule, what) =
                bits < policy.minimumECBits
                ? (.weakKey, "an EC key on \(curve) (\(bits) bits)")
                : (.unsupportedKey, "an EC key on \(curve), a curve TLS clients do not accept in certificates")
        case .weakECKey(let curve, nil) where Self.supportedCurves.contains(curve):
            (rule, what) = (.malformedCertificate, "an encoding swift-certificates refuses (its EC key is fine)")
        case .weakECKey(let curve, nil):
            (rule, what) = (.unsupportedKey, "an EC key on the unknown curve \(curve)")
        case .unsupportedKey(let algorithm) where algorithm == Self.dsa:
            (rule, what) = (.unsupportedKey, "a DSA key, which no current TLS client accepts (RFC 8446 has no DSA)")
        case .unsupportedKey(let algorithm):
            (rule, what) = (.unsupportedKey, "a key of the unsupported algorithm \(algorithm)")
        case .refusedOtherwise(let algorithm, let bits, let curve):
            let key = [algorithm, curve ?? bits.map { "\($0)-bit" }].compactMap { $0 }.joined(separator: " ")
            (rule, what) = (.malformedCertificate, "an encoding swift-certificates refuses (its \(key) key is fine)")
        case .malformed:
            (rule, what) = (.malformedCertificate, "bytes that do not decode as an X.509 certificate (RFC 5280 §4.1)")
        }
        // Its key is fine, so it was refused for something else: often how its issuer signed it.
        if rule == .malformedCertificate, read.reason != .malformed, let algorithm = fields.signatureAlgorithm,
            let name = Self.unsupportedSignatureAlgorithms[algorithm]
        {
            (rule, what) = (.unsupportedSignatureAlgorithm, "a \(name) signature, which strict clients do not verify")
        }
    }

    /// The outer signatureAlgorithm OID and the issuer name (RFC 5280 §4.1), read with swift-asn1 alone.
    static func fields(_ der: [UInt8]) -> (signatureAlgorithm: String?, issuer: String?) {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return (nil, nil) }
        let nodes = Array(parts)
        guard nodes.count >= 2 else { return (nil, nil) }
        var algorithm: String?
        if case .constructed(let algorithmParts) = nodes[1].content,
            let oidNode = algorithmParts.first(where: { _ in true })
        {
            algorithm = (try? ASN1ObjectIdentifier(derEncoded: oidNode))?.description
        }
        guard case .constructed(let tbsParts) = nodes[0].content else { return (algorithm, nil) }
        let tbs = Array(tbsParts)
        let offset = tbs.first?.identifier.tagClass == .contextSpecific ? 1 : 0
        guard tbs.count > 2 + offset else { return (algorithm, nil) }
        let issuer = (try? DistinguishedName(derEncoded: tbs[2 + offset])).map { $0.text }
        return (algorithm, issuer)
    }

    /// The rejection naming it, as `role` ("leaf", "trust anchor", "presented certificate").
    func rejection(role: String, neededBy dependant: String?) -> StrictRejection {
        let name = subject.map { "'\($0)'" } ?? "(subject unreadable)"
        let need = dependant.map { ", and it is the only issuer named '\(subject ?? "")' for '\($0)'" } ?? ""
        let fix: String
        switch rule {
        case .weakKey, .unsupportedKey: fix = "replace it with a certificate with an RSA 2048+ or P-256+ key"
        default: fix = "re-issue it or convert it with openssl x509 -outform der and check it with openssl x509 -text"
        }
        return StrictRejection(
            rule: rule, presentedIndex: presentedIndex, subject: subject ?? "",
            detail: "The \(role) \(name) has \(what), so strict clients cannot use it\(need); \(fix).")
    }
}
