extension BrokerDialect {
    /// Sources: AWS IoT Core Developer Guide, "Server authentication" (Amazon Root CA 1 for ATS endpoints) and
    /// "Protocols, port mappings, and authentication" (MQTT on 8883, or 443 with ALPN x-amzn-mqtt-ca; X.509 client
    /// certificates).
    static let awsIoT = BrokerDialect(
        broker: .awsIoT, name: "AWS IoT Core", settings: nil, chainBuilding: .managed,
        reload: "nothing to reload on the broker: change the client",
        defaultTLSVersions: "TLS 1.2 and 1.3 (the endpoint's security policy)", anonymousRefusalCode: nil,
        mqttVersions: "3.1.1, 5",
        clientRequirements: "trust Amazon Root CA 1 (AmazonRootCA1.pem, 1188 bytes) for the ATS endpoint "
            + "(*-ats.iot.REGION.amazonaws.com); present the thing's X.509 certificate and key; on port 443 offer "
            + "ALPN x-amzn-mqtt-ca; send SNI with the endpoint name",
        sources: [
            "docs.aws.amazon.com/iot/latest/developerguide/server-authentication.html",
            "docs.aws.amazon.com/iot/latest/developerguide/protocols.html",
        ])

    /// Sources: Azure IoT Hub documentation, "Communicate with an IoT hub using the MQTT protocol" (8883, MQTT 3.1.1,
    /// user name HUB.azure-devices.net/DEVICE/?api-version=…, SAS token or X.509) and the 2023 root migration to
    /// DigiCert Global Root G2; Event Grid's MQTT broker supports MQTT 5 with X.509 clients.
    static let azureIoT = BrokerDialect(
        broker: .azureIoT, name: "Azure IoT Hub / Event Grid", settings: nil, chainBuilding: .managed,
        reload: "nothing to reload on the broker: change the client",
        defaultTLSVersions: "TLS 1.2 (IoT Hub's minimum)", anonymousRefusalCode: nil,
        mqttVersions: "3.1.1 (IoT Hub), 3.1.1 and 5 (Event Grid)",
        clientRequirements: "trust DigiCert Global Root G2 (and Microsoft RSA Root CA 2017 during the migration); "
            + "authenticate with a SAS token as password or an X.509 certificate; send SNI",
        sources: [
            "learn.microsoft.com/azure/iot/iot-mqtt-connect-to-iot-hub",
            "learn.microsoft.com/azure/iot-hub/migrate-tls-certificate",
        ])

    /// Sources: HiveMQ Cloud documentation, "Connect to HiveMQ Cloud" (port 8883, TLS required, SNI required,
    /// credentials from the cluster's Access Management, certificates from Let's Encrypt).
    static let hivemqCloud = BrokerDialect(
        broker: .hivemqCloud, name: "HiveMQ Cloud", settings: nil, chainBuilding: .managed,
        reload: "nothing to reload on the broker: change the client or the cluster's credentials",
        defaultTLSVersions: "TLS 1.2 and 1.3", anonymousRefusalCode: nil, mqttVersions: "3.1, 3.1.1, 5",
        clientRequirements: "trust ISRG Root X1 (Let's Encrypt); send SNI with the cluster's host name (required); "
            + "use the credentials created under Access Management",
        sources: ["hivemq.com/docs/hivemq-cloud/introduction.html"])
}
