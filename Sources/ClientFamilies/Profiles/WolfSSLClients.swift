import ChainDiagnostics

extension ClientProfile {
    /// wolfSSL as Debian builds it (WOLFSSL_ALT_CERT_CHAINS), verifying the chain from its last certificate down.
    static let wolfssl = ClientProfile(
        family: .wolfssl, name: "wolfSSL", clients: "wolfMQTT, RTOS stacks on wolfSSL",
        validation: ValidationProfile(
            pathBuilding: .laterCertificatesOnly, commonNameFallback: .whenNoSubjectAltName,
            ipAddressMatching: .subjectAltNameOrText,
            partialLabelWildcards: true, refusesWeakSignatures: false, keyUsage: .none,
            checksExtendedKeyUsage: true, nameConstraints: .processed, constrainsCommonName: true,
            selfIssuedCountsTowardPathLength: false, maximumIntermediates: nil,
            refusesExpiredExtraCertificates: true, webPKIProfile: false),
        tlsVersions: [.tls1_2, .tls1_3],
        noCommonVersionError: "received alert fatal error (-313)",
        algorithms: "RSA of 1024 bits or more (RSA_MIN_SIZE), ECC of 224 bits or more; SHA-1 accepted",
        serverNameIndication: "sent only when the application calls wolfSSL_UseSNI",
        inputBuffer: nil,
        trustStore: "only what wolfSSL_CTX_load_verify_locations or _buffer loaded",
        clock: "wc_Time / XTIME on the device: an unset RTC makes certificates not yet valid (ASN_BEFORE_DATE_E)",
        sources: [
            "wolfSSL internal.c ProcessPeerCerts: the chain is verified from the last certificate sent to the leaf",
            "wolfSSL CheckHostName: DNS SANs, else the CN; wolfSSL_X509_check_ip_asc for addresses",
        ],
        printsForRule: { rule, _ in
            switch rule {
            case .expired: "ASN date error, current date after (-151)"
            case .notYetValid: "ASN date error, current date before (-150)"
            case .hostnameMismatch, .missingSubjectAltName: "peer subject name mismatch (-322)"
            case .extendedKeyUsage: "Ext Key Use server/client auth not set Error (-386)"
            case .pathLengthExceeded: "ASN CA path length larger than signer error (-238)"
            case .nameConstraints: "Name Constraint error (-198)"
            default: "certificate verify failed (-188)"
            }
        })
}
