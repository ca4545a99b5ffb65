/// Why a strict client (RFC 5280 path validation and the Web PKI rules, as Go's crypto/x509 and Java's PKIX apply
/// them) rejects a corpus case. The generator derives every expected verdict from these rules alone
/// (`ChainCorpusReference`), never from running a validator.
public enum ChainCorpusRule: String, CaseIterable, Sendable {
    /// No chain of issuers, each named by the certificate below it (RFC 5280 §6.1.3(a)(4)) and holding the key that
    /// signed it (§6.1.3(a)(1)), leads from the leaf to a trust anchor (§6.1.1(d)). Paths are built over the presented
    /// certificates in any order, with backtracking (RFC 4158 §2.4), as Go, Java and browsers do.
    case noPath = "no_path"
    /// The instant is after a certificate's notAfter. notAfter itself is still valid: RFC 5280 §4.1.2.5 ("the period
    /// ... beginning with notBefore and ending with notAfter, inclusive"), §6.1.3(a)(2).
    case expired
    /// The instant is before a certificate's notBefore (RFC 5280 §4.1.2.5, §6.1.3(a)(2)); notBefore itself is valid.
    case notYetValid = "not_yet_valid"
    /// An issuing certificate lacks basicConstraints cA TRUE, or the extension altogether (RFC 5280 §4.2.1.9,
    /// §6.1.4(k)).
    case basicConstraints = "basic_constraints"
    /// An issuing certificate has keyUsage without keyCertSign (RFC 5280 §4.2.1.3, §6.1.4(n)). No keyUsage at all
    /// passes path validation.
    case keyUsage = "key_usage"
    /// A non-self-issued intermediate exceeds a pathLenConstraint above it (RFC 5280 §4.2.1.9, §6.1.4(l) and (m)):
    /// self-issued intermediates (issuer name = subject name, a key rollover) do not count.
    case pathLength = "path_length"
    /// A name of a certificate lies outside a permitted subtree or inside an excluded one of a CA above it (RFC 5280
    /// §4.2.1.10, §6.1.3(b) and (c), §6.1.4(g)): every dNSName and iPAddress of the subjectAltName, and, for a leaf
    /// without subjectAltName, its subject CN taken as a DNS name (as Chrome, OpenSSL and the CA/Browser Forum
    /// treat it). Checked as part of the path, so before the identity rules.
    case nameConstraints = "name_constraints"
    /// The leaf has extendedKeyUsage without id-kp-serverAuth (RFC 5280 §4.2.1.12; RFC 5246 §7.4.2 / CA/B BR
    /// §7.1.2.7.10). No extendedKeyUsage means any purpose.
    case extendedKeyUsage = "extended_key_usage"
    /// The identity is not among the leaf's subjectAltName entries: a DNS name matches a dNSName case-insensitively,
    /// a wildcard only as the whole leftmost label standing for exactly one label (RFC 9525 §6.3, RFC 6125
    /// §6.4.3); an IP address matches an iPAddress entry only (RFC 9525 §6.5, RFC 5280 §4.2.1.6). No CN fallback
    /// when a subjectAltName exists.
    case hostname
    /// The leaf has no subjectAltName at all; the subject CN is not consulted (RFC 9525 §6.3 and §6.4, RFC 6125
    /// §6.4.4 made optional; Go 1.15 and later, Chrome 58 and later).
    case subjectAltNameMissing = "subject_alt_name_missing"
    /// An RSA key of fewer than 2048 bits on the path (CA/Browser Forum Baseline Requirements §6.1.5; OpenSSL's
    /// security level 2 likewise).
    case weakKey = "weak_key"
    /// A certificate of the path (not the trust anchor, whose self-signature no one checks, RFC 5280 §6.1.1(d)) is
    /// signed with SHA-1 (CA/B BR §7.1.3.2; RFC 9155 for TLS; Go 1.18 and later reject it).
    case weakSignature = "weak_signature"
}
