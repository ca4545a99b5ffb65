import Foundation
import SwiftASN1
import X509

/// One certificate of the corpus: what the generator decided about it (the model the expected verdicts are derived
/// from) and the DER minted from exactly that. Names are `CN=<name>, O=chaindoctor corpus`; equal names are the same
/// distinguished name, as RFC 5280 §7.1 compares them.
struct ChainCorpusCertificate: Sendable {
    /// basicConstraints (RFC 5280 §4.2.1.9).
    enum Authority: Sendable, Equatable {
        case ca(pathLength: Int?)
        case notCA
        /// No basicConstraints extension at all.
        case absent
    }

    /// keyUsage (RFC 5280 §4.2.1.3); nil on the certificate means no extension.
    enum Usage: Sendable, Equatable {
        /// digitalSignature, as a TLS server key needs.
        case leaf
        /// keyCertSign and cRLSign.
        case ca
        /// digitalSignature and cRLSign: a CA that may not sign certificates.
        case caWithoutCertSign
        /// cRLSign alone.
        case crlSignOnly

        var allowsCertSign: Bool { self == .ca }
    }

    enum Purpose: String, Sendable {
        case serverAuth, clientAuth, codeSigning, emailProtection
    }

    enum Name: Sendable, Equatable {
        case dns(String)
        case ip([UInt8])
    }

    /// nameConstraints (RFC 5280 §4.2.1.10), DNS and IP subtrees only, marked critical as §4.2.1.10 requires.
    struct Constraints: Sendable, Equatable {
        var permittedDNS: [String] = []
        var excludedDNS: [String] = []
        /// Address followed by mask (8 bytes for IPv4, 32 for IPv6), as the iPAddress subtree encodes it.
        var permittedIP: [[UInt8]] = []
        var excludedIP: [[UInt8]] = []
    }

    enum Signature: String, Sendable {
        case ecdsaSHA256, ecdsaSHA384, rsaSHA256, rsaSHA1

        var algorithm: Certificate.SignatureAlgorithm {
            switch self {
            case .ecdsaSHA256: .ecdsaWithSHA256
            case .ecdsaSHA384: .ecdsaWithSHA384
            case .rsaSHA256: .sha256WithRSAEncryption
            case .rsaSHA1: .sha1WithRSAEncryption
            }
        }
    }

    var name: String
    var issuerName: String
    var key: ChainCorpusKey
    var issuerKey: ChainCorpusKey
    var serial: UInt64
    var notBefore: Date
    var notAfter: Date
    var authority: Authority
    var usage: Usage?
    var purposes: [Purpose]?
    var alternativeNames: [Name]?
    var constraints: Constraints?
    var signature: Signature
    /// Set by `mint()`.
    private(set) var der: [UInt8] = []

    /// RFC 5280 §6.1: issuer and subject are the same name (whatever the key).
    var isSelfIssued: Bool { name == issuerName }

    /// Whether `self` is the issuer of `certificate`: the name chains (RFC 5280 §6.1.3(a)(4)) and the key is the one
    /// that signed it (§6.1.3(a)(1)).
    func issued(_ certificate: ChainCorpusCertificate) -> Bool {
        name == certificate.issuerName && key.identifier == certificate.issuerKey.identifier
    }

    mutating func mint() throws {
        guard let signer = issuerKey.signingKey else { throw TestSupportError("\(issuerName) has no signing key") }
        var extensions: [Certificate.Extension] = []
        switch authority {
        case .ca(let pathLength):
            extensions.append(
                try Certificate.Extension(
                    BasicConstraints.isCertificateAuthority(maxPathLength: pathLength), critical: true))
        case .notCA:
            extensions.append(try Certificate.Extension(BasicConstraints.notCertificateAuthority, critical: true))
        case .absent:
            break
        }
        if let usage {
            let value =
                switch usage {
                case .leaf: KeyUsage(digitalSignature: true)
                case .ca: KeyUsage(keyCertSign: true, cRLSign: true)
                case .caWithoutCertSign: KeyUsage(digitalSignature: true, cRLSign: true)
                case .crlSignOnly: KeyUsage(cRLSign: true)
                }
            extensions.append(try Certificate.Extension(value, critical: true))
        }
        if let purposes {
            let usages: [ExtendedKeyUsage.Usage] = purposes.map {
                switch $0 {
                case .serverAuth: .serverAuth
                case .clientAuth: .clientAuth
                case .codeSigning: .codeSigning
                case .emailProtection: .emailProtection
                }
            }
            extensions.append(try Certificate.Extension(try ExtendedKeyUsage(usages), critical: false))
        }
        if let alternativeNames {
            let names: [GeneralName] = alternativeNames.map {
                switch $0 {
                case .dns(let name): .dnsName(name)
                case .ip(let bytes): .ipAddress(ASN1OctetString(contentBytes: bytes[...]))
                }
            }
            extensions.append(try Certificate.Extension(SubjectAlternativeNames(names), critical: false))
        }
        if let constraints {
            let value = NameConstraints(
                permittedDNSDomains: constraints.permittedDNS, excludedDNSDomains: constraints.excludedDNS,
                permittedIPRanges: constraints.permittedIP.map { ASN1OctetString(contentBytes: $0[...]) },
                excludedIPRanges: constraints.excludedIP.map { ASN1OctetString(contentBytes: $0[...]) })
            extensions.append(try Certificate.Extension(value, critical: true))
        }
        extensions.append(
            try Certificate.Extension(SubjectKeyIdentifier(keyIdentifier: key.keyIdentifier[...]), critical: false))
        if !(isSelfIssued && key.identifier == issuerKey.identifier) {
            extensions.append(
                try Certificate.Extension(
                    AuthorityKeyIdentifier(keyIdentifier: issuerKey.keyIdentifier[...]), critical: false))
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(serial), publicKey: key.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: try Self.distinguishedName(issuerName),
            subject: try Self.distinguishedName(name), signatureAlgorithm: signature.algorithm,
            extensions: try Certificate.Extensions(extensions), issuerPrivateKey: signer)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        der = serializer.serializedBytes
    }

    static func distinguishedName(_ commonName: String) throws -> DistinguishedName {
        try DistinguishedName {
            OrganizationName("chaindoctor corpus")
            CommonName(commonName)
        }
    }
}
