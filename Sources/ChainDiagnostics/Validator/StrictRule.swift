/// A rule the strict validator holds a certificate path to. The raw value is short, stable and snake_case, so that a
/// report or a test can name it; never rename one.
public enum StrictRule: String, Sendable, Equatable, CaseIterable {
    /// No certificate was presented at all.
    case noCertificate = "no_certificate"
    /// The certificate does not decode as X.509 (RFC 5280 §4.1), or not with an encoding swift-certificates accepts.
    case malformedCertificate = "malformed_certificate"
    /// A key of a type no strict client supports for TLS server authentication (DSA, unknown algorithms).
    case unsupportedKey = "unsupported_key"
    /// A key below the policy's minimum (RSA bits, EC field size; P-192 and RSA-1024 among them).
    case weakKey = "weak_key"
    /// A signature with MD5 or SHA-1 below the trust anchor.
    case weakSignatureAlgorithm = "weak_signature_algorithm"
    /// A signature algorithm strict clients do not verify at all (DSA, unknown OIDs).
    case unsupportedSignatureAlgorithm = "unsupported_signature_algorithm"
    /// A certificate names an issuer that is in neither the presented chain nor the trust store.
    case missingIssuer = "missing_issuer"
    /// The path ends in a self-signed certificate that is not in the trust store.
    case untrustedRoot = "untrusted_root"
    /// Certificates with the issuer's name exist, but none of their keys verifies the signature.
    case signatureInvalid = "signature_invalid"
    /// notAfter has passed (RFC 5280 §4.1.2.5; notAfter itself is still valid).
    case expired
    /// notBefore has not come yet.
    case notYetValid = "not_yet_valid"
    /// notBefore is after notAfter.
    case invalidValidity = "invalid_validity"
    /// An issuing certificate is not a CA (RFC 5280 §4.2.1.9, §6.1.4 (k)).
    case notCA = "not_a_ca"
    /// More non-self-issued intermediates below a CA than its pathLenConstraint allows (RFC 5280 §6.1.4 (l), (m)).
    case pathLengthExceeded = "path_length_exceeded"
    /// The leaf is a CA certificate (basicConstraints cA=TRUE).
    case leafIsCA = "leaf_is_ca"
    /// An intermediate that is not X.509 v3, or a v1 certificate with extensions (RFC 5280 §4.1.2.1).
    case certificateVersion = "certificate_version"
    /// keyUsage forbids the use (RFC 5280 §4.2.1.3).
    case keyUsage = "key_usage"
    /// extendedKeyUsage lacks serverAuth (RFC 5280 §4.2.1.12).
    case extendedKeyUsage = "extended_key_usage"
    /// A name outside a CA's name constraints (RFC 5280 §4.2.1.10).
    case nameConstraints = "name_constraints"
    /// A critical extension the validator does not process (RFC 5280 §4.2).
    case unknownCriticalExtension = "unknown_critical_extension"
    /// A missing or critical authorityKeyIdentifier / subjectKeyIdentifier (RFC 5280 §4.2.1.1, §4.2.1.2).
    case keyIdentifiers = "key_identifiers"
    /// A serial number that is not positive or longer than 20 octets (RFC 5280 §4.1.2.2).
    case serialNumber = "serial_number"
    /// An empty subject where RFC 5280 §4.1.2.6 forbids it.
    case emptySubject = "empty_subject"
    /// The leaf has no subjectAltName (Web PKI: names are in the SAN only, no CN fallback).
    case missingSubjectAltName = "missing_subject_alt_name"
    /// No subjectAltName entry matches the name or address dialled (RFC 6125 §6).
    case hostnameMismatch = "hostname_mismatch"
    /// An extension that does not decode.
    case malformedExtension = "malformed_extension"
    /// A certificate is sent out of the order a client that does not reorder reads it (BearSSL, mbedTLS, wolfSSL).
    case presentationOrder = "presentation_order"
    /// The path has more intermediates than the client allows (mbedTLS: MBEDTLS_X509_MAX_INTERMEDIATE_CA).
    case chainTooLong = "chain_too_long"
    /// Path building stopped at its work bound before finding a path.
    case pathBuildingBudgetExceeded = "path_building_budget_exceeded"
    /// A swift-certificates policy failure this validator has no finer rule for.
    case policyFailure = "policy_failure"
}
