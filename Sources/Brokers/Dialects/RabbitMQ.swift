extension BrokerDialect {
    /// Sources: RabbitMQ documentation, "TLS Support" (ssl_options.*, versions, verify, fail_if_no_peer_cert) and
    /// "MQTT Plugin" (mqtt.listeners.ssl, mqtt.allow_anonymous, default user); rabbitmqctl(8); field notes on
    /// RabbitMQ 3.10.8 (Debian 12): certfile sent as written, a leaf-only certfile completed from cacertfile with the
    /// root, TLS 1.0 to 1.3 accepted by default, return code 4 for a refused anonymous CONNECT, no MQTT 5.
    static let rabbitmq = BrokerDialect(
        broker: .rabbitmq, name: "RabbitMQ (rabbitmq_mqtt)",
        settings: Settings(
            certificateChain: "ssl_options.certfile in rabbitmq.conf (the leaf, then each intermediate)",
            privateKey: "ssl_options.keyfile", caFile: "ssl_options.cacertfile",
            tlsVersions: "ssl_options.versions.1 = tlsv1.3 and ssl_options.versions.2 = tlsv1.2",
            requireClientCertificate: "ssl_options.verify = verify_peer and ssl_options.fail_if_no_peer_cert = true",
            optionalClientCertificate: "ssl_options.fail_if_no_peer_cert = false",
            anonymous: "mqtt.allow_anonymous = true|false (anonymous clients log in as mqtt.default_user)",
            userDatabase: "RabbitMQ's own users: rabbitmqctl add_user USER PASSWORD (or change_password), with "
                + "rabbitmqctl set_permissions -p / USER '.*' '.*' '.*'"),
        chainBuilding: .completedFromCAFile,
        reload: "restart the node (rabbitmqctl stop_app && rabbitmqctl start_app, or systemctl restart "
            + "rabbitmq-server); TLS settings are read at start",
        defaultTLSVersions: "TLS 1.0, 1.1, 1.2 and 1.3 (RabbitMQ 3.10 on Erlang/OTP 25)",
        anonymousRefusalCode: 4, mqttVersions: "3.1, 3.1.1 (MQTT 5 from RabbitMQ 3.13)", clientRequirements: nil,
        sources: [
            "rabbitmq.com/docs/ssl", "rabbitmq.com/docs/mqtt", "rabbitmqctl(8)",
            "../shared/design/field-notes.md (RabbitMQ 3.10.8)",
        ])
}
