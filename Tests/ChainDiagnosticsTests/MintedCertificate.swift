import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate minted in a test with swift-certificates and a fresh P-256 key, with the profile a conforming CA
/// gives it (serial, key identifiers, basicConstraints, keyUsage, and for a leaf a subjectAltName and EKU
/// serverAuth), so that a test changes only what it is about.
struct MintedCertificate {
    var certificate: Certificate
    var key: P256.Signing.PrivateKey

    var der: [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    static let notBefore = Date(timeIntervalSince1970: 1_700_000_000)
    static let notAfter = Date(timeIntervalSince1970: 1_900_000_000)

    static func keyIdentifier(_ key: P256.Signing.PublicKey) -> ArraySlice<UInt8> {
        ArraySlice(SHA256.hash(data: key.derRepresentation).prefix(20))
    }

    /// A self-signed root CA.
    static func root(_ name: String, pathLength: Int? = nil) throws -> MintedCertificate {
        let key = P256.Signing.PrivateKey()
        return try mint(
            subject: name, key: key, issuer: nil, notAfter: notAfter,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: pathLength))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(keyIdentifier: keyIdentifier(key.publicKey))
            })
    }

    /// A CA issued by `issuer`; `key` to re-use a key (a self-issued rollover certificate keeps the name).
    static func intermediate(
        _ name: String, issuer: MintedCertificate, pathLength: Int? = nil, key: P256.Signing.PrivateKey? = nil,
        extra: [Certificate.Extension] = []
    ) throws -> MintedCertificate {
        let key = key ?? P256.Signing.PrivateKey()
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: pathLength))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(keyIdentifier: keyIdentifier(key.publicKey))
            AuthorityKeyIdentifier(keyIdentifier: keyIdentifier(issuer.key.publicKey))
        }
        for ext in extra { try extensions.append(ext) }
        return try mint(subject: name, key: key, issuer: issuer, notAfter: notAfter, extensions: extensions)
    }

    /// A server certificate for `dnsName`, with EKU `usages` (nil: no EKU extension at all).
    static func leaf(
        _ dnsName: String, issuer: MintedCertificate, notAfter: Date = notAfter,
        usages: [ExtendedKeyUsage.Usage]? = [.serverAuth], extra: [Certificate.Extension] = []
    ) throws -> MintedCertificate {
        let key = P256.Signing.PrivateKey()
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            SubjectKeyIdentifier(keyIdentifier: keyIdentifier(key.publicKey))
            AuthorityKeyIdentifier(keyIdentifier: keyIdentifier(issuer.key.publicKey))
            SubjectAlternativeNames([.dnsName(dnsName)])
        }
        if let usages { try extensions.append(Certificate.Extension(ExtendedKeyUsage(usages), critical: false)) }
        for ext in extra { try extensions.append(ext) }
        return try mint(subject: dnsName, key: key, issuer: issuer, notAfter: notAfter, extensions: extensions)
    }

    static func mint(
        subject: String, key: P256.Signing.PrivateKey, issuer: MintedCertificate?, notAfter: Date,
        extensions: Certificate.Extensions, serial: Certificate.SerialNumber = Certificate.SerialNumber()
    ) throws -> MintedCertificate {
        let subjectName = try DistinguishedName { CommonName(subject) }
        let certificate = try Certificate(
            version: .v3, serialNumber: serial, publicKey: .init(key.publicKey), notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: issuer?.certificate.subject ?? subjectName, subject: subjectName,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(issuer?.key ?? key))
        return MintedCertificate(certificate: certificate, key: key)
    }
}
