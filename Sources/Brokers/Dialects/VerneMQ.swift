extension BrokerDialect {
    /// Sources: VerneMQ documentation, "MQTT TLS/SSL" (listener.ssl.default, listener.ssl.certfile, keyfile,
    /// cafile, require_certificate, tls_version) and "File Based Authentication" (allow_anonymous, vmq-passwd);
    /// VerneMQ runs on Erlang/OTP ssl.
    static let vernemq = BrokerDialect(
        broker: .vernemq, name: "VerneMQ",
        settings: Settings(
            certificateChain: "listener.ssl.certfile in vernemq.conf (the leaf, then each intermediate)",
            privateKey: "listener.ssl.keyfile", caFile: "listener.ssl.cafile",
            tlsVersions: "listener.ssl.tls_version = tlsv1.2 (one version per listener)",
            requireClientCertificate: "listener.ssl.require_certificate = on",
            optionalClientCertificate: "listener.ssl.require_certificate = off",
            anonymous: "allow_anonymous = on|off",
            userDatabase: "vmq_passwd: vmq-passwd /etc/vernemq/vmq.passwd USER"),
        chainBuilding: .completedFromCAFile, reload: "vernemq restart",
        defaultTLSVersions: "TLS 1.2", anonymousRefusalCode: 5, mqttVersions: "3.1, 3.1.1, 5", clientRequirements: nil,
        sources: [
            "docs.vernemq.com/configuring-vernemq/mqtt-listeners", "docs.vernemq.com/configuring-vernemq/file-auth",
        ])
}
