import ChainDiagnostics

extension ClientProfile {
    /// Java's JSSE with the default PKIX trust manager (TrustManagerFactory "PKIX", endpoint identification HTTPS).
    static let java = ClientProfile(
        family: .java, name: "Java", clients: "HiveMQ MQTT client, Eclipse Paho Java (JSSE, PKIX)",
        validation: ValidationProfile(
            pathBuilding: .backtracking, commonNameFallback: .whenNoDNSName, ipAddressMatching: .subjectAltName,
            partialLabelWildcards: true, refusesWeakSignatures: false, keyUsage: .issuersAndLeaf,
            checksExtendedKeyUsage: true, nameConstraints: .processed, constrainsCommonName: true,
            selfIssuedCountsTowardPathLength: false, maximumIntermediates: nil, reorderingLimit: 5,
            refusesExpiredExtraCertificates: false, webPKIProfile: false),
        tlsVersions: [.tls1_2, .tls1_3],
        noCommonVersionError: "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version",
        algorithms: "RSA of 1024 bits or more (jdk.certpath.disabledAlgorithms), EC; SHA-1 accepted below a "
            + "root the JDK does not ship",
        serverNameIndication: "sent for a host name (jsse.enableSNIExtension)",
        inputBuffer: nil,
        trustStore: "the JDK's cacerts unless the client builds a TrustManager from its own keystore",
        clock: "the system clock",
        sources: [
            "JDK PKIX Programmer's Guide: SunCertPathBuilder builds forward with backtracking",
            "sun.security.validator.PKIXValidator: an ordered chain is validated as sent, any other is built, with "
                + "PKIXBuilderParameters' default maxPathLength 5",
            "sun.security.util.HostnameChecker: the CN is used when there is no DNS subjectAltName",
            "java.security: jdk.certpath.disabledAlgorithms and jdk.tls.disabledAlgorithms (TLSv1, TLSv1.1)",
        ],
        printsForRule: { rule, identity in
            switch rule {
            case .expired, .notYetValid:
                "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"
            case .hostnameMismatch, .missingSubjectAltName:
                switch identity {
                case .ipAddress?: "java.security.cert.CertificateException: No subject alternative names present"
                default:
                    "java.security.cert.CertificateException: No subject alternative DNS name matching "
                        + "\(identity.map { "\($0)" } ?? "the host") found."
                }
            case .extendedKeyUsage:
                "sun.security.validator.ValidatorException: Extended key usage does not permit use for TLS server "
                    + "authentication"
            case .keyUsage: "PKIX path validation failed: CA key usage check failed: keyCertSign bit is not set"
            case .pathLengthExceeded:
                "PKIX path validation failed: basic constraints check failed: pathLenConstraint violated"
            case .notCA: "PKIX path validation failed: basic constraints check failed: this is not a CA certificate"
            case .nameConstraints: "PKIX path validation failed: name constraints check failed"
            case .signatureInvalid: "PKIX path validation failed: signature check failed"
            default:
                "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to "
                    + "find valid certification path to requested target"
            }
        })
}
