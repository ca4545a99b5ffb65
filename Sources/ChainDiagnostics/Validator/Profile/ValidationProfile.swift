/// How one kind of client validates a server's chain: the knobs on which the TLS stacks of an MQTT fleet differ
/// (OpenSSL, Go's crypto/x509, Java's PKIX, mbedTLS, BearSSL, wolfSSL). The strict validator runs with `.strict`;
/// a client family's profile (the `ClientFamilies` target) runs the same `Verifier` with its own knobs, so every
/// family is judged by one path builder and one set of policies, each switched on where that stack enforces it.
public struct ValidationProfile: Sendable, Equatable {
    /// Which paths through the presented certificates a client will try.
    public enum PathBuilding: String, Sendable, Equatable {
        /// Any order, backtracking over every candidate issuer (Go, Java, rustls, the strict verdict).
        case backtracking
        /// Each issuer is a trust anchor or a certificate sent after the one it issued, any of them (wolfSSL, which
        /// verifies the chain from its last certificate down and keeps each intermediate that verifies).
        case laterCertificatesOnly = "later_certificates_only"
        /// The first certificate that could issue it: a trust anchor with the issuer's name if there is one, else
        /// the first certificate sent after it with that name; no backtracking (mbedTLS's `x509_crt_find_parent`).
        case firstMatchLaterOnly = "first_match_later_only"
        /// Exactly as sent: each certificate is issued by the next one, until one is issued by a trust anchor
        /// (BearSSL's `br_x509_minimal`).
        case inPresentedOrder = "in_presented_order"
    }

    /// When the subject's commonName names the server.
    public enum CommonNameFallback: String, Sendable, Equatable {
        /// Never (Go since 1.15, rustls, browsers, the strict verdict).
        case never
        /// When the leaf has no subjectAltName extension at all (mbedTLS, BearSSL, wolfSSL).
        case whenNoSubjectAltName = "when_no_subject_alt_name"
        /// When the leaf has no dNSName in its subjectAltName (OpenSSL, Java).
        case whenNoDNSName = "when_no_dns_name"
    }

    /// How an IP address the client dials is matched.
    public enum IPAddressMatching: String, Sendable, Equatable {
        /// Against iPAddress SAN entries (Go, Java, OpenSSL, the strict verdict).
        case subjectAltName = "subject_alt_name"
        /// As text, against DNS names and the CN: the stack knows no iPAddress SAN (mbedTLS 2.x, BearSSL).
        case asText = "as_text"
        /// Either (wolfSSL's `wolfSSL_X509_check_ip_asc`).
        case subjectAltNameOrText = "subject_alt_name_or_text"
    }

    /// How a client treats nameConstraints.
    public enum NameConstraintsSupport: String, Sendable, Equatable {
        /// Processed (RFC 5280 §4.2.1.10).
        case processed
        /// A CA on the path that carries them fails it, as an unknown critical extension (BearSSL).
        case refusedOnPath = "refused_on_path"
        /// Any certificate sent that carries them fails the whole chain: the extension does not parse (mbedTLS 2.x
        /// parses the chain it receives before looking for a path).
        case refusedAnywhere = "refused_anywhere"
    }

    /// Which keyUsage extensions are read.
    public enum KeyUsageCheck: String, Sendable, Equatable {
        /// An issuer needs keyCertSign and the leaf a TLS server key usage.
        case issuersAndLeaf = "issuers_and_leaf"
        /// An issuer needs keyCertSign; the leaf's is ignored (Go).
        case issuersOnly = "issuers_only"
        /// Not at all (wolfSSL's certificate manager).
        case none
    }

    public var pathBuilding: PathBuilding
    public var commonNameFallback: CommonNameFallback
    public var ipAddressMatching: IPAddressMatching
    /// A wildcard may stand for part of the leftmost label (`br*.example.com`), as OpenSSL, Java and wolfSSL allow.
    public var partialLabelWildcards: Bool
    /// SHA-1 and MD5 signatures below the trust anchor are refused.
    public var refusesWeakSignatures: Bool
    public var keyUsage: KeyUsageCheck
    /// extendedKeyUsage must allow serverAuth.
    public var checksExtendedKeyUsage: Bool
    public var nameConstraints: NameConstraintsSupport
    /// Name constraints also apply to a host-name CN (OpenSSL, Java, wolfSSL), not only to subjectAltName entries.
    public var constrainsCommonName: Bool
    /// pathLenConstraint counts self-issued intermediates too (Go, BearSSL), unlike RFC 5280 §6.1.4 (l).
    public var selfIssuedCountsTowardPathLength: Bool
    /// The most intermediates a path may have (mbedTLS: MBEDTLS_X509_MAX_INTERMEDIATE_CA, 8); nil: no limit.
    public var maximumIntermediates: Int?
    /// When the chain is not sent as an ordered path (each certificate named as the issuer of the one before), the
    /// client searches for one and gives up beyond this many intermediates (Java: PKIXValidator validates an ordered
    /// chain as sent and builds otherwise, with PKIXBuilderParameters' default maxPathLength of 5); nil: no limit.
    public var reorderingLimit: Int?
    /// Every presented certificate is checked for its validity period, on the path or not (wolfSSL verifies each
    /// certificate sent): an expired extra certificate fails the chain.
    public var refusesExpiredExtraCertificates: Bool
    /// The Web PKI profile rules beyond RFC 5280's path validation: serial numbers, key identifiers, empty subjects,
    /// v1 intermediates, a CA certificate as the leaf.
    public var webPKIProfile: Bool

    public init(
        pathBuilding: PathBuilding, commonNameFallback: CommonNameFallback, ipAddressMatching: IPAddressMatching,
        partialLabelWildcards: Bool, refusesWeakSignatures: Bool, keyUsage: KeyUsageCheck,
        checksExtendedKeyUsage: Bool, nameConstraints: NameConstraintsSupport, constrainsCommonName: Bool,
        selfIssuedCountsTowardPathLength: Bool, maximumIntermediates: Int?, reorderingLimit: Int? = nil,
        refusesExpiredExtraCertificates: Bool,
        webPKIProfile: Bool
    ) {
        self.pathBuilding = pathBuilding
        self.commonNameFallback = commonNameFallback
        self.ipAddressMatching = ipAddressMatching
        self.partialLabelWildcards = partialLabelWildcards
        self.refusesWeakSignatures = refusesWeakSignatures
        self.keyUsage = keyUsage
        self.checksExtendedKeyUsage = checksExtendedKeyUsage
        self.nameConstraints = nameConstraints
        self.constrainsCommonName = constrainsCommonName
        self.selfIssuedCountsTowardPathLength = selfIssuedCountsTowardPathLength
        self.maximumIntermediates = maximumIntermediates
        self.reorderingLimit = reorderingLimit
        self.refusesExpiredExtraCertificates = refusesExpiredExtraCertificates
        self.webPKIProfile = webPKIProfile
    }

    /// RFC 5280 and the Web PKI, backtracking: the strict verdict.
    public static let strict = ValidationProfile(
        pathBuilding: .backtracking, commonNameFallback: .never, ipAddressMatching: .subjectAltName,
        partialLabelWildcards: false, refusesWeakSignatures: true, keyUsage: .issuersAndLeaf,
        checksExtendedKeyUsage: true, nameConstraints: .processed, constrainsCommonName: true,
        selfIssuedCountsTowardPathLength: false, maximumIntermediates: nil, refusesExpiredExtraCertificates: false,
        webPKIProfile: true)
}
