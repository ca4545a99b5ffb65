extension BrokerDialect {
    /// Sources: EMQX 4.4 documentation, "Configuration" (listener.ssl.external.*: keyfile, certfile, cacertfile,
    /// tls_versions, verify, fail_if_no_peer_cert; allow_anonymous) and emqx_ctl; EMQX runs on Erlang/OTP ssl, so the
    /// chain is built as RabbitMQ's is.
    static let emqx4 = BrokerDialect(
        broker: .emqx4, name: "EMQX 4.x",
        settings: Settings(
            certificateChain: "listener.ssl.external.certfile in emqx.conf (the leaf, then each intermediate)",
            privateKey: "listener.ssl.external.keyfile", caFile: "listener.ssl.external.cacertfile",
            tlsVersions: "listener.ssl.external.tls_versions = tlsv1.3,tlsv1.2",
            requireClientCertificate: "listener.ssl.external.verify = verify_peer and "
                + "listener.ssl.external.fail_if_no_peer_cert = true",
            optionalClientCertificate: "listener.ssl.external.fail_if_no_peer_cert = false",
            anonymous: "allow_anonymous = true|false in emqx.conf",
            userDatabase: "an authentication plugin, e.g. emqx_auth_mnesia: emqx_ctl clientid/user add USER PASSWORD"),
        chainBuilding: .completedFromCAFile, reload: "emqx restart",
        defaultTLSVersions: "tlsv1.3, tlsv1.2, tlsv1.1, tlsv1 as listed in the shipped emqx.conf",
        anonymousRefusalCode: 5, mqttVersions: "3.1, 3.1.1, 5", clientRequirements: nil,
        sources: ["docs.emqx.com/en/enterprise/v4.4/configuration/configuration.html", "EMQX 4.4 emqx.conf"])

    /// Sources: EMQX 5 documentation, "Listener Configuration" and "Enable SSL/TLS Connection"
    /// (listeners.ssl.default.ssl_options: certfile, keyfile, cacertfile, versions, verify, fail_if_no_peer_cert),
    /// "Authentication" (no authenticator configured: every client is allowed).
    static let emqx5 = BrokerDialect(
        broker: .emqx5, name: "EMQX 5.x",
        settings: Settings(
            certificateChain: "listeners.ssl.default.ssl_options.certfile in emqx.conf (the leaf, then each "
                + "intermediate)",
            privateKey: "listeners.ssl.default.ssl_options.keyfile",
            caFile: "listeners.ssl.default.ssl_options.cacertfile",
            tlsVersions: "listeners.ssl.default.ssl_options.versions = [\"tlsv1.3\", \"tlsv1.2\"]",
            requireClientCertificate: "listeners.ssl.default.ssl_options.verify = verify_peer and "
                + "fail_if_no_peer_cert = true",
            optionalClientCertificate: "listeners.ssl.default.ssl_options.fail_if_no_peer_cert = false",
            anonymous: "no authenticator in the authentication chain allows anonymous clients; add one to refuse them",
            userDatabase: "the built-in database authenticator: Dashboard → Access Control → Authentication → Users, "
                + "or POST /api/v5/authentication/password_based:built_in_database/users"),
        chainBuilding: .completedFromCAFile,
        reload: "emqx ctl conf reload, or restart EMQX; listener changes in the Dashboard apply at once",
        defaultTLSVersions: "TLS 1.2 and 1.3", anonymousRefusalCode: 5, mqttVersions: "3.1, 3.1.1, 5",
        clientRequirements: nil,
        sources: ["docs.emqx.com/en/emqx/v5.6/configuration/listener.html", "docs.emqx.com/en/emqx/latest/network"])
}
