extension BrokerDialect {
    /// Sources: ejabberd documentation, "Configuring ejabberd: certfiles" and "mod_mqtt" (listen: module mod_mqtt,
    /// tls: true, tls_verify), ejabberdctl reload_config; field notes on ejabberd 23.01 (Debian 12): it takes
    /// certificates only from the global certfiles list, reorders and completes the chain, refuses to start when a
    /// certificate has no key, accepts TLS 1.2 and 1.3, answers a refused anonymous CONNECT with return code 5.
    static let ejabberd = BrokerDialect(
        broker: .ejabberd, name: "ejabberd (mod_mqtt)",
        settings: Settings(
            certificateChain:
                "the global certfiles: list in ejabberd.yml (every certificate of the chain, in any order)",
            privateKey: "the same certfiles: list (a PEM holding the key, or a separate key file listed there)",
            caFile: "ca_file: in ejabberd.yml (for tls_verify)",
            tlsVersions: "protocol_options: [no_sslv3, no_tlsv1, no_tlsv1_1] on the mod_mqtt listener",
            requireClientCertificate: "tls_verify: true on the mod_mqtt listener (certificate login)",
            optionalClientCertificate: "tls_verify: false",
            anonymous: "access rules of mod_mqtt (access_subscribe, access_publish) and the auth_method",
            userDatabase: "ejabberd's users: ejabberdctl register USER HOST PASSWORD"),
        chainBuilding: .reorderedAndCompleted, reload: "ejabberdctl reload_config",
        defaultTLSVersions: "TLS 1.2 and 1.3", anonymousRefusalCode: 5, mqttVersions: "3.1.1, 5",
        clientRequirements: nil,
        sources: [
            "docs.ejabberd.im/admin/configuration/basic/#certificate-files",
            "docs.ejabberd.im/admin/configuration/modules/#mod-mqtt",
            "../shared/design/field-notes.md (ejabberd 23.01)",
        ])
}
