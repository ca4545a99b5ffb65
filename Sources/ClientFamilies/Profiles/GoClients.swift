import ChainDiagnostics

extension ClientProfile {
    /// Go's crypto/x509 `Certificate.Verify` behind crypto/tls, with the standard library's defaults.
    static let go = ClientProfile(
        family: .go, name: "Go", clients: "paho.golang, Eclipse Paho Go (crypto/tls and crypto/x509)",
        validation: ValidationProfile(
            pathBuilding: .backtracking, commonNameFallback: .never, ipAddressMatching: .subjectAltName,
            partialLabelWildcards: false, refusesWeakSignatures: true, keyUsage: .issuersOnly,
            checksExtendedKeyUsage: true, nameConstraints: .processed, constrainsCommonName: false,
            selfIssuedCountsTowardPathLength: true, maximumIntermediates: nil,
            refusesExpiredExtraCertificates: false, webPKIProfile: false),
        tlsVersions: [.tls1_2, .tls1_3],
        noCommonVersionError: "remote error: tls: protocol version not supported",
        algorithms: "RSA of 1024 bits or more, P-256/384/521, Ed25519; SHA-1 signatures refused since Go 1.18",
        serverNameIndication: "sent from tls.Config.ServerName or the host dialled (never for an IP address)",
        inputBuffer: nil,
        trustStore: "the system roots (/etc/ssl/certs) unless tls.Config.RootCAs is set",
        clock: "the system clock (tls.Config.Time overrides)",
        sources: [
            "crypto/x509 verify.go: buildChains backtracks over every candidate; pathLen counts every intermediate",
            "Go 1.15 release notes: the CN is no longer a host name (x509ignoreCN, removed in Go 1.17)",
            "Go 1.18 release notes: SHA-1 signatures rejected; crypto/tls client default MinVersion TLS 1.2",
        ],
        printsForRule: { rule, identity in
            switch rule {
            case .expired, .notYetValid: "x509: certificate has expired or is not yet valid"
            case .missingSubjectAltName: "x509: certificate relies on legacy Common Name field, use SANs instead"
            case .hostnameMismatch:
                switch identity {
                case .ipAddress?:
                    "x509: cannot validate certificate for \(identity!) because it doesn't contain any IP SANs"
                default: "x509: certificate is valid for other names, not \(identity.map { "\($0)" } ?? "the host")"
                }
            case .extendedKeyUsage: "x509: certificate specifies an incompatible key usage"
            case .pathLengthExceeded: "x509: too many intermediates for path length constraint"
            case .nameConstraints:
                "x509: a root or intermediate certificate is not authorized to sign for this name"
            case .weakSignatureAlgorithm: "x509: cannot verify signature: insecure algorithm SHA1-RSA"
            case .unknownCriticalExtension: "x509: unhandled critical extension"
            default: "x509: certificate signed by unknown authority"
            }
        })
}
