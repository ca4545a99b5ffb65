extension BrokerDialect {
    /// Sources: HiveMQ documentation, "Listeners" (tls-tcp-listener, keystore path/password/private-key-password,
    /// truststore, client-authentication-mode NONE|OPTIONAL|REQUIRED, protocols) and "Security" (since 4.3 a
    /// security extension must allow clients; hivemq-allow-all-extension for tests); keytool(1).
    static let hivemq = BrokerDialect(
        broker: .hivemq, name: "HiveMQ",
        settings: Settings(
            certificateChain: "the key entry of the keystore in <tls-tcp-listener><tls><keystore><path> (config.xml): "
                + "import the whole chain, leaf first, with keytool -importcert -alias KEYALIAS -file chain.pem, or "
                + "build it with openssl pkcs12 -export -in chain.pem -inkey broker.key",
            privateKey: "the same keystore entry (<private-key-password>)",
            caFile: "<truststore><path> (a JKS or PKCS#12 truststore)",
            tlsVersions: "<protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>",
            requireClientCertificate: "<client-authentication-mode>REQUIRED</client-authentication-mode>",
            optionalClientCertificate: "<client-authentication-mode>OPTIONAL</client-authentication-mode> (or NONE)",
            anonymous: "a security extension decides; hivemq-allow-all-extension lets everybody in",
            userDatabase: "a security extension, e.g. the HiveMQ File RBAC extension's credentials.xml"),
        chainBuilding: .keystoreEntry, reload: "restart HiveMQ (bin/run.sh), which reads the keystore at start",
        defaultTLSVersions: "TLS 1.2 and 1.3 (the JDK's defaults)", anonymousRefusalCode: nil,
        mqttVersions: "3.1, 3.1.1, 5", clientRequirements: nil,
        sources: [
            "hivemq.com/docs/hivemq/4/user-guide/listeners.html", "hivemq.com/docs/hivemq/4.7/user-guide/security.html",
        ])
}
