import ChainDiagnostics

extension ClientProfile {
    /// mbedTLS 2.28 as ESP-IDF 4.x configures it by default for esp-mqtt (2.28 is also Debian's, whose verifier the
    /// tests run; ESP-IDF 5 moved to mbedTLS 3, which is not profiled here).
    static let mbedtls = ClientProfile(
        family: .mbedtls, name: "mbedTLS 2.28 (ESP-IDF 4.x)",
        clients: "ESP32 firmware on ESP-IDF 4.x esp-mqtt",
        validation: ValidationProfile(
            pathBuilding: .firstMatchLaterOnly, commonNameFallback: .whenNoSubjectAltName, ipAddressMatching: .asText,
            partialLabelWildcards: false, refusesWeakSignatures: true, keyUsage: .issuersAndLeaf,
            checksExtendedKeyUsage: true, nameConstraints: .refusedAnywhere, constrainsCommonName: false,
            selfIssuedCountsTowardPathLength: true, maximumIntermediates: 8,
            refusesExpiredExtraCertificates: false, webPKIProfile: false),
        tlsVersions: [.tls1_2],
        noCommonVersionError: "SSL - A fatal alert message was received from our peer (-0x7780)",
        algorithms: "mbedtls_x509_crt_profile_default: SHA-256 and up, RSA of 2048 bits or more, the NIST and "
            + "Brainpool curves compiled in",
        serverNameIndication: "sent from mbedtls_ssl_set_hostname (esp-mqtt passes the broker host)",
        inputBuffer: InputBuffer(
            defaultBytes: 16384, reducedBytes: 4096,
            setting: "CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN (ESP-IDF menuconfig; MBEDTLS_SSL_IN_CONTENT_LEN in "
                + "mbedtls_config.h)",
            error: "SSL - The requested feature is not available (-0x7080): TLS handshake fragmentation not supported"),
        trustStore: "only what the firmware embeds: a PEM in flash or ESP-IDF's esp_crt_bundle",
        clock: "time() on the device: 1970 until SNTP has set it, so every certificate is 'not yet valid' "
            + "(flags 0x00000200) before then",
        sources: [
            "mbedTLS 2.28 x509_crt.c: x509_crt_find_parent looks in the trusted CAs, then in child->next onwards",
            "mbedTLS 2.28 x509_crt.c: x509_crt_verify_name compares DNS SANs, else the CN; no iPAddress SAN",
            "mbedTLS 2.28: MBEDTLS_X509_MAX_INTERMEDIATE_CA 8; no name constraints (the extension fails to parse)",
            "ESP-IDF Kconfig: CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN 16384; TLS 1.3 off (CONFIG_MBEDTLS_SSL_PROTO_TLS1_3)",
            "mbedTLS 2.x ssl_tls.c: a handshake message larger than one record is refused",
        ],
        printsForRule: { rule, _ in
            switch rule {
            case .nameConstraints:
                return "X509 - The extension tag or value is invalid : ASN1 - ASN1 tag was of an unexpected value "
                    + "(-0x2562)"
            case .chainTooLong:
                return "X509 - A fatal error occurred, eg the chain is too long or the vrfy callback failed (-0x3000)"
            default: break
            }
            let flags: String =
                switch rule {
                case .expired: "0x00000001 The certificate validity has expired"
                case .notYetValid: "0x00000200 The certificate validity starts in the future"
                case .hostnameMismatch, .missingSubjectAltName:
                    "0x00000004 The certificate Common Name (CN) does not match with the expected CN"
                case .extendedKeyUsage: "0x00001000 Usage does not match the extendedKeyUsage extension"
                case .keyUsage: "0x00000800 Usage does not match the keyUsage extension"
                case .weakSignatureAlgorithm: "0x00004000 The certificate is signed with an unacceptable hash."
                case .weakKey:
                    "0x00010000 The certificate is signed with an unacceptable key (eg bad curve, RSA too short)."
                default: "0x00000008 The certificate is not correctly signed by the trusted CA"
                }
            return "X509 - Certificate verification failed, e.g. CRL, CA or signature check failed (-0x2700), "
                + "flags \(flags)"
        })
}
