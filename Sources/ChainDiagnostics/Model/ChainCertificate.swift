import SwiftASN1
public import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A parsed certificate together with its DER bytes and the facts the checks ask about again and again.
public struct ChainCertificate: Sendable, Equatable {
    public let certificate: Certificate
    public let der: [UInt8]

    /// Two certificates are the same when their encodings are: cheaper than comparing parsed models.
    public static func == (lhs: ChainCertificate, rhs: ChainCertificate) -> Bool {
        lhs.der == rhs.der
    }

    /// Parses one DER certificate with swift-certificates, or takes it from `parses` when parsed there already.
    public init(der: [UInt8], parses: CertificateParses = CertificateParses()) throws {
        self.certificate = try parses.certificate(der)
        self.der = der
    }

    public var subject: DistinguishedName { certificate.subject }
    public var issuer: DistinguishedName { certificate.issuer }

    /// basicConstraints cA=TRUE (RFC 5280 §4.2.1.9).
    public var isCA: Bool {
        if case .isCertificateAuthority = (try? certificate.extensions.basicConstraints) ?? .notCertificateAuthority {
            return true
        }
        return false
    }

    /// Subject equals issuer (RFC 5280 §3.2: self-issued), whoever signed it: a CA's key rollover certificate is
    /// self-issued and signed by the old key.
    public var isSelfIssued: Bool { subject == issuer }

    /// Subject equals issuer and the certificate's own key verifies its signature.
    public var isSelfSigned: Bool {
        subject == issuer && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Whether `issuerCandidate` signed this certificate: the names chain (RFC 5280 §6.1.3 (a)(4)) and
    /// the candidate's key verifies the signature.
    public func isIssued(by issuerCandidate: ChainCertificate) -> Bool {
        issuer == issuerCandidate.subject && keyIdentifiersAgree(with: issuerCandidate)
            && issuerCandidate.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// RFC 5280 §4.2.1.1 as OpenSSL's X509_check_issued(3) applies it: when this certificate names the key that
    /// signed it (authorityKeyIdentifier) and the candidate names its own (subjectKeyIdentifier), they must be
    /// equal; a candidate that fails this is not considered an issuer at all.
    public func keyIdentifiersAgree(with issuerCandidate: ChainCertificate) -> Bool {
        guard let authority = authorityKeyIdentifier, let subject = issuerCandidate.subjectKeyIdentifier else {
            return true
        }
        return authority == subject
    }

    public struct AlternativeNames: Sendable, Equatable {
        public var present: Bool
        public var dnsNames: [String]
        public var ipAddresses: [[UInt8]]
        /// The extension is there but does not decode here (malformed, or nested deeper than swift-asn1 reads):
        /// its names are unknown, which is not the same as absent.
        public var undecodable = false
    }

    /// The DNS and IP entries of subjectAltName; `present` is false when the extension is absent.
    public var subjectAlternativeNames: AlternativeNames {
        let sans: SubjectAlternativeNames?
        do {
            sans = try certificate.extensions.subjectAlternativeNames
        } catch {
            return AlternativeNames(present: true, dnsNames: [], ipAddresses: [], undecodable: true)
        }
        guard let sans else {
            return AlternativeNames(present: false, dnsNames: [], ipAddresses: [])
        }
        var dns: [String] = []
        var ips: [[UInt8]] = []
        for name in sans {
            switch name {
            case .dnsName(let value): dns.append(value)
            case .ipAddress(let bytes): ips.append(Array(bytes.bytes))
            default: break
            }
        }
        return AlternativeNames(present: true, dnsNames: dns, ipAddresses: ips)
    }

    /// The subject's commonName attributes, as strings.
    public var commonNames: [String] { subject.commonNames }

    /// A short name for messages: the CN when there is one, else the whole subject.
    public var displayName: String { subject.displayName }
}

extension ChainCertificate {
    /// The authorityKeyIdentifier's keyIdentifier (RFC 5280 §4.2.1.1), when present.
    public var authorityKeyIdentifier: [UInt8]? {
        ((try? certificate.extensions.authorityKeyIdentifier) ?? nil)?.keyIdentifier.map(Array.init)
    }

    /// Where the issuer's certificate can be downloaded: the caIssuers URIs of authorityInformationAccess
    /// (RFC 5280 §4.2.2.1).
    public var issuerCertificateURLs: [String] {
        guard let access = (try? certificate.extensions.authorityInformationAccess) ?? nil else { return [] }
        return access.compactMap { description in
            guard description.method == .issuingCA, case .uniformResourceIdentifier(let uri) = description.location
            else { return nil }
            return uri
        }
    }

    /// The subjectKeyIdentifier (RFC 5280 §4.2.1.2), when present.
    public var subjectKeyIdentifier: [UInt8]? {
        ((try? certificate.extensions.subjectKeyIdentifier) ?? nil).map { Array($0.keyIdentifier) }
    }
}

extension DistinguishedName {
    /// The commonName attributes, as strings.
    public var commonNames: [String] {
        flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map { $0.value.description }
    }

    /// A short name for messages: the first CN when there is one, else the whole name (RFC 4514 text).
    public var displayName: String { commonNames.first ?? text }

    /// The name as RFC 4514 text, most significant attribute last ("CN=Broker,O=Example"): what swift-certificates'
    /// `description` writes, assembled from each attribute's own `description`. That `description` reaches them
    /// through `String(describing:)`, whose dynamic casts scan every protocol-conformance record of the binary the
    /// first time they meet a type: four scans, a million instructions of a quick probe (Benchmarks/README.md).
    public var text: String {
        reversed().map { relative in relative.map { $0.description }.joined(separator: "+") }.joined(separator: ",")
    }
}
