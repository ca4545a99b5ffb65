import Crypto
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The facts of a certificate swift-certificates refuses (a 1024-bit RSA key, an unsupported curve), read field by
/// field with swift-asn1 and swift-certificates' own extension types, so that the report still shows it where it
/// was presented: the README promises certificate facts even when verification fails.
extension CertificateSummary {
    /// nil when the bytes are not a certificate at all (`UnparseableCertificate.Reason.malformed`).
    init?(unparsed der: [UInt8], diagnosis: UnparseableCertificate, presentedIndex: Int, now: Date) {
        guard diagnosis.reason != .malformed, let fields = try? UnparsedFields(der) else { return nil }
        self.presentedIndex = presentedIndex
        self.subject = fields.subject.text
        self.displayName = fields.subject.displayName
        self.issuer = fields.issuer.text
        self.notBefore = fields.notBefore
        self.notAfter = fields.notAfter
        self.daysRemaining = Self.daysRemaining(until: fields.notAfter, at: now)
        switch diagnosis.reason {
        case .weakRSAKey(let bits): self.publicKey = PublicKeyInfo(algorithm: "RSA", bits: bits, curve: nil)
        case .weakECKey(let curve, let bits): self.publicKey = PublicKeyInfo(algorithm: "EC", bits: bits, curve: curve)
        case .unsupportedKey(let oid): self.publicKey = PublicKeyInfo(algorithm: oid, bits: nil, curve: nil)
        case .refusedOtherwise(let algorithm, let bits, let curve):
            self.publicKey = PublicKeyInfo(algorithm: algorithm, bits: bits, curve: curve)
        case .malformed: return nil
        }
        self.signatureAlgorithm = fields.signatureAlgorithm
        self.dnsNames = fields.dnsNames
        self.ipAddresses = fields.ipAddresses.map(IPAddressText.format)
        self.sha256 = Self.hex(SHA256.hash(data: der))
        self.isCA = fields.isCA
        self.selfSigned = fields.subject == fields.issuer
        self.der = der
    }
}

/// The TBSCertificate fields of RFC 5280 §4.1 that a summary shows, read without the public key.
struct UnparsedFields {
    var issuer: DistinguishedName
    var subject: DistinguishedName
    var notBefore: Date
    var notAfter: Date
    var signatureAlgorithm: String
    var dnsNames: [String] = []
    var ipAddresses: [[UInt8]] = []
    var isCA = false

    /// The names swift-certificates gives the signature algorithms it knows (RFC 4055, RFC 5758).
    static let signatureNames: [ASN1ObjectIdentifier: String] = [
        [1, 2, 840, 113549, 1, 1, 4]: "md5WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 5]: "sha1WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 11]: "sha256WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 12]: "sha384WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 13]: "sha512WithRSAEncryption",
        [1, 2, 840, 10045, 4, 1]: "ecdsaWithSHA1",
        [1, 2, 840, 10045, 4, 3, 2]: "ecdsaWithSHA256",
        [1, 2, 840, 10045, 4, 3, 3]: "ecdsaWithSHA384",
        [1, 2, 840, 10045, 4, 3, 4]: "ecdsaWithSHA512",
    ]

    init(_ der: [UInt8]) throws {
        let root = try DER.parse(der)
        guard case .constructed(let certificate) = root.content else { throw ASN1Error.invalidASN1Object(reason: "") }
        let parts = Array(certificate)
        guard parts.count == 3, case .constructed(let tbsNodes) = parts[0].content,
            case .constructed(let algorithm) = parts[1].content,
            let algorithmOID = algorithm.first(where: { _ in true })
        else { throw ASN1Error.invalidASN1Object(reason: "not a Certificate") }
        let oid = try ASN1ObjectIdentifier(derEncoded: algorithmOID)
        signatureAlgorithm = Self.signatureNames[oid] ?? oid.description
        var tbs = Array(tbsNodes)
        // version [0] EXPLICIT is present in v3 certificates.
        if tbs.first?.identifier.tagClass == .contextSpecific { tbs.removeFirst() }
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
        guard tbs.count >= 6, case .constructed(let validity) = tbs[3].content else {
            throw ASN1Error.invalidASN1Object(reason: "not a TBSCertificate")
        }
        issuer = try DistinguishedName(derEncoded: tbs[2])
        subject = try DistinguishedName(derEncoded: tbs[4])
        let times = Array(validity)
        guard times.count == 2 else { throw ASN1Error.invalidASN1Object(reason: "no validity") }
        notBefore = try Self.date(times[0])
        notAfter = try Self.date(times[1])
        // extensions [3] EXPLICIT SEQUENCE OF Extension.
        guard
            let wrapper = tbs.dropFirst(6).first(where: {
                $0.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific)
            }),
            case .constructed(let inner) = wrapper.content, let list = inner.first(where: { _ in true }),
            case .constructed(let extensions) = list.content
        else { return }
        for node in extensions {
            let ext = try Certificate.Extension(derEncoded: node)
            if let names = try? SubjectAlternativeNames(ext) {
                for name in names {
                    switch name {
                    case .dnsName(let value): dnsNames.append(value)
                    case .ipAddress(let bytes): ipAddresses.append(Array(bytes.bytes))
                    default: break
                    }
                }
            } else if let constraints = try? BasicConstraints(ext), case .isCertificateAuthority = constraints {
                isCA = true
            }
        }
    }

    /// UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5), as a Date.
    static func date(_ node: ASN1Node) throws -> Date {
        var components = DateComponents()
        components.timeZone = .gmt
        if node.identifier == UTCTime.defaultIdentifier {
            let time = try UTCTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: components) else {
            throw ASN1Error.invalidASN1Object(reason: "an impossible date")
        }
        return date
    }
}
