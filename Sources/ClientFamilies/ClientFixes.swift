import ChainDiagnostics

/// What makes a family accept, by the rule it rejects on, phrased for the side that can change it.
enum ClientFixes {
    static func fix(for rule: StrictRule, profile: ClientProfile, identity: ServerIdentity?) -> String {
        switch rule {
        case .presentationOrder:
            "Serve the chain in order for \(profile.name): the leaf first, then each intermediate followed by the one "
                + "that issued it, nothing else (mosquitto certfile: cat broker.crt intermediate.crt > chain.pem); "
                + "`chaindoctor check --repair` writes it."
        case .missingSubjectAltName:
            "Re-issue the broker's certificate with subjectAltName DNS:\(identity.map { "\($0)" } ?? "<broker name>"); "
                + "\(profile.name) does not read the subject CN."
        case .hostnameMismatch
        where identity?.isIPAddressIdentity == true
            && profile.validation.ipAddressMatching == .asText:
            "\(profile.name) matches an IP address only as text against DNS names and the CN, never an IP SAN: have "
                + "these devices dial a DNS name the certificate's subjectAltName lists."
        case .hostnameMismatch:
            "Re-issue the broker's certificate naming \(identity.map { "'\($0)'" } ?? "the host") in subjectAltName, "
                + "or have the client dial a name it lists; a wildcard covers one whole label."
        case .weakSignatureAlgorithm:
            "Re-issue the certificate signed with SHA-256 or better; \(profile.name) refuses SHA-1."
        case .weakKey:
            "Re-issue the certificate with an RSA key of 2048 bits or more, or ECDSA P-256."
        case .chainTooLong:
            "Serve a shorter path: \(profile.name) accepts at most \(profile.validation.maximumIntermediates ?? 0) "
                + "intermediates."
        case .nameConstraints where profile.validation.nameConstraints != .processed:
            "\(profile.name) cannot process nameConstraints: issue the broker's certificate under a CA without them "
                + "for these clients."
        case .nameConstraints:
            "Re-issue the broker's certificate for a name the issuing CA is permitted to certify."
        case .expired:
            "Renew the expired certificate the detail names and install the new chain on the broker."
        case .notYetValid:
            "Check the device's clock (an unset clock reads 1970) and the CA's; the certificate is not valid yet."
        case .pathLengthExceeded:
            "Re-issue the CA with a larger pathlen, or shorten the chain; \(profile.name) counts self-issued "
                + "intermediates too."
        case .extendedKeyUsage, .keyUsage:
            "Re-issue the certificate with keyUsage digitalSignature (keyCertSign for a CA) and extendedKeyUsage "
                + "serverAuth, or without extendedKeyUsage."
        case .notCA:
            "Re-issue the issuing certificate with basicConstraints CA:TRUE."
        default:
            "Give \(profile.name) clients the root that issued the broker's chain in their trust store "
                + "(\(profile.trustStore)), and serve every intermediate in the broker's certfile."
        }
    }
}

extension ServerIdentity {
    var isIPAddressIdentity: Bool {
        if case .ipAddress = self { return true }
        return false
    }
}
