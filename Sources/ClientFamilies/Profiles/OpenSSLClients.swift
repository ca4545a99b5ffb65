import ChainDiagnostics

extension ClientProfile {
    /// OpenSSL 3 clients. Their verdict is OpenSSL's own X509_verify_cert on the captured chain (the OpenSSL
    /// verdict), never an imitation; `validation` only describes them.
    static let openssl = ClientProfile(
        family: .openssl, name: "OpenSSL",
        clients: "mosquitto_sub/pub, libmosquitto, Paho C and Python (ssl module), Node mqtt.js",
        validation: ValidationProfile(
            pathBuilding: .backtracking, commonNameFallback: .whenNoDNSName, ipAddressMatching: .subjectAltName,
            partialLabelWildcards: true, refusesWeakSignatures: true, keyUsage: .issuersAndLeaf,
            checksExtendedKeyUsage: true, nameConstraints: .processed, constrainsCommonName: true,
            selfIssuedCountsTowardPathLength: false, maximumIntermediates: nil,
            refusesExpiredExtraCertificates: false, webPKIProfile: false),
        tlsVersions: [.tls1_2, .tls1_3],
        noCommonVersionError: "tlsv1 alert protocol version (SSL routines::unsupported protocol)",
        algorithms: "security level 2 on Debian: RSA and DH of 2048 bits or more, ECC of 224 bits or more, no SHA-1 or "
            + "MD5 signatures below the root",
        serverNameIndication: "sent when the client dials a name (mosquitto_sub sets it from -h)",
        inputBuffer: nil,
        trustStore: "the CA file or directory given (--cafile, --capath), else none in "
            + "mosquitto_sub; the system store in Python and Node",
        clock: "the system clock",
        sources: [
            "X509_verify_cert(3) and openssl-verify(1): first-match issuer lookup among the untrusted certificates",
            "SSL_CTX_set_security_level(3): TLS 1.0/1.1 need security level 0 in OpenSSL 3",
            "X509_check_host(3): CN consulted only without a DNS subjectAltName",
        ],
        printsForRule: { rule, _ in "certificate verify failed (\(rule.rawValue))" })
}
