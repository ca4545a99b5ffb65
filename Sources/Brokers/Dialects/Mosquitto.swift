extension BrokerDialect {
    /// Sources: mosquitto.conf(5) (listener, certfile, keyfile, cafile, tls_version, require_certificate,
    /// allow_anonymous, password_file), mosquitto_passwd(1); field notes on mosquitto 2.0.11 (Debian 12).
    static let mosquitto = BrokerDialect(
        broker: .mosquitto, name: "mosquitto",
        settings: Settings(
            certificateChain: "certfile (the leaf, then each intermediate, in the listener block)",
            privateKey: "keyfile", caFile: "cafile (or capath)",
            tlsVersions: "tls_version tlsv1.2 (accepts TLS 1.2 and 1.3)",
            requireClientCertificate: "require_certificate true, with cafile naming the clients' CA",
            optionalClientCertificate: "require_certificate false",
            anonymous: "allow_anonymous true|false (per listener with per_listener_settings true)",
            userDatabase: "password_file, managed with mosquitto_passwd -b FILE USER PASSWORD"),
        chainBuilding: .verbatim,
        reload: "restart mosquitto (systemctl restart mosquitto); a SIGHUP reloads the configuration",
        defaultTLSVersions: "what OpenSSL's security level allows: TLS 1.2 and 1.3 at Debian's level 2",
        anonymousRefusalCode: 5, mqttVersions: "3.1, 3.1.1, 5", clientRequirements: nil,
        sources: ["mosquitto.conf(5)", "mosquitto_passwd(1)", "../shared/design/field-notes.md (mosquitto 2.0.11)"])
}
