extension BrokerDialect {
    /// Sources: NanoMQ documentation, "Listener" (listeners.ssl: bind, keyfile, certfile, cacertfile, key_password,
    /// verify_peer, fail_if_no_peer_cert) and the 0.14-0.18 guide (mqtt.session.allow_anonymous); NanoMQ's TLS is
    /// NNG's mbedTLS transport, which sends the certificate file as given.
    static let nanomq = BrokerDialect(
        broker: .nanomq, name: "NanoMQ",
        settings: Settings(
            certificateChain: "listeners.ssl.certfile in nanomq.conf (the leaf, then each intermediate)",
            privateKey: "listeners.ssl.keyfile", caFile: "listeners.ssl.cacertfile",
            tlsVersions: "not configurable: TLS 1.2 (and 1.3 where NNG's mbedTLS has it)",
            requireClientCertificate: "listeners.ssl.verify_peer = true and listeners.ssl.fail_if_no_peer_cert = true",
            optionalClientCertificate: "listeners.ssl.fail_if_no_peer_cert = false",
            anonymous: "auth.allow_anonymous = true|false (mqtt.session.allow_anonymous before 0.19)",
            userDatabase: "auth.password (a password file of user: password lines)"),
        chainBuilding: .verbatim, reload: "nanomq reload, or restart nanomq",
        defaultTLSVersions: "TLS 1.2", anonymousRefusalCode: 5, mqttVersions: "3.1.1, 5", clientRequirements: nil,
        sources: [
            "nanomq.io/docs/en/latest/config-description/listener.html",
            "nanomq.io/docs/latest/config-description/v014.html",
        ])
}
