import ChainDiagnostics

extension ClientProfile {
    /// BearSSL's `br_x509_minimal`, as the ESP8266 Arduino core's BearSSL::WiFiClientSecure uses it.
    static let bearssl = ClientProfile(
        family: .bearssl, name: "BearSSL (ESP8266 Arduino)",
        clients: "ESP8266 Arduino sketches: PubSubClient over BearSSL::WiFiClientSecure",
        validation: ValidationProfile(
            pathBuilding: .inPresentedOrder, commonNameFallback: .whenNoSubjectAltName, ipAddressMatching: .asText,
            partialLabelWildcards: false, refusesWeakSignatures: false, keyUsage: .issuersAndLeaf,
            checksExtendedKeyUsage: false, nameConstraints: .refusedOnPath, constrainsCommonName: false,
            selfIssuedCountsTowardPathLength: true, maximumIntermediates: nil,
            refusesExpiredExtraCertificates: false, webPKIProfile: false),
        tlsVersions: [.tls1_0, .tls1_1, .tls1_2],
        noCommonVersionError: "BR_ERR_RECV_FATAL_ALERT + 70 (326: the broker's protocol_version alert)",
        algorithms: "RSA (any size the engine was given), P-256/384/521; SHA-1 accepted",
        serverNameIndication: "sent from the host passed to connect()",
        inputBuffer: nil,
        trustStore: "only the trust anchors compiled into the sketch (BearSSL::X509List, setTrustAnchors)",
        clock: "the sketch's time (setX509Time); with none set, the build time, so a chain issued later is not "
            + "yet valid",
        sources: [
            "BearSSL x509_minimal.t0: each certificate must be issued by the next (BR_ERR_X509_DN_MISMATCH)",
            "BearSSL: no name constraints (BR_ERR_X509_CRITICAL_EXTENSION), no extendedKeyUsage check, no IP SAN",
            "ESP8266 Arduino BearSSL WiFiClientSecure docs: setBufferSizes, MFLN, setX509Time",
        ],
        printsForRule: { rule, _ in
            switch rule {
            case .expired, .notYetValid: "BR_ERR_X509_EXPIRED (54)"
            case .presentationOrder: "BR_ERR_X509_DN_MISMATCH (55)"
            case .hostnameMismatch, .missingSubjectAltName: "BR_ERR_X509_BAD_SERVER_NAME (56)"
            case .nameConstraints, .unknownCriticalExtension: "BR_ERR_X509_CRITICAL_EXTENSION (57)"
            case .notCA, .pathLengthExceeded: "BR_ERR_X509_NOT_CA (58)"
            case .keyUsage: "BR_ERR_X509_FORBIDDEN_KEY_USAGE (59)"
            case .weakKey: "BR_ERR_X509_WEAK_PUBLIC_KEY (60)"
            case .signatureInvalid: "BR_ERR_X509_BAD_SIGNATURE (52)"
            default: "BR_ERR_X509_NOT_TRUSTED (62)"
            }
        })
}
