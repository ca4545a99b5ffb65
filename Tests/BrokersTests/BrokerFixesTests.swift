import Brokers
import Findings
import Testing

/// The broker dialects as data, the fixes phrased in their terms, and what may be inferred about a broker.
@Suite struct BrokerFixesTests {
    static let evidence = BrokerFixes.Evidence(
        presentedChainIsComplete: false, presentedTop: "chaindoctor Test Intermediate CA",
        clientUsesSystemStore: false, leafNames: ["broker.test"], identityIsIPAddress: false)

    static func finding(_ id: FindingID, fix: String = "") -> Finding {
        Finding(id: id, message: "m", evidence: "e", fix: fix)
    }

    static func fix(
        _ id: FindingID, _ broker: Broker?, original: String = "", evidence: BrokerFixes.Evidence = evidence
    )
        -> String
    {
        BrokerFixes.rephrase(
            [finding(id, fix: original)], for: broker.map { BrokerIdentification(broker: $0, inferredFrom: nil) },
            evidence: evidence)[0].fix
    }

    @Test(arguments: Broker.allCases)
    func everyDialectSaysWhereItsFactsComeFrom(broker: Broker) {
        let dialect = broker.dialect
        #expect(dialect.broker == broker)
        #expect(!dialect.sources.isEmpty && !dialect.reload.isEmpty && !dialect.name.isEmpty)
        // A self-hosted broker names every setting a fix needs; a managed one says what the client must do.
        if let settings = dialect.settings {
            for setting in [
                settings.certificateChain, settings.privateKey, settings.caFile, settings.tlsVersions,
                settings.requireClientCertificate, settings.optionalClientCertificate, settings.anonymous,
                settings.userDatabase,
            ] {
                #expect(!setting.isEmpty)
            }
            #expect(dialect.chainBuilding != .managed)
        } else {
            #expect(dialect.chainBuilding == .managed && dialect.clientRequirements?.isEmpty == false)
        }
    }

    /// RabbitMQ, as the issue found it phrased for mosquitto.
    @Test func rabbitMQFixesNameRabbitMQSettings() {
        let tls = Self.fix(.weakTLSVersion, .rabbitmq, original: "Set tls_version tlsv1.2 on the listener (mosquitto)")
        #expect(tls.contains("ssl_options.versions.1 = tlsv1.3") && tls.contains("ssl_options.versions.2 = tlsv1.2"))
        #expect(tls.contains("TLS 1.0, 1.1, 1.2 and 1.3") && !tls.contains("mosquitto"))
        let refused = Self.fix(.mqttConnectionRefused, .rabbitmq, original: "Send valid credentials.")
        #expect(refused.contains("rabbitmqctl add_user") && refused.contains("mqtt.allow_anonymous"))
        #expect(refused.contains("refuses an anonymous CONNECT with 4"))
        let mtls = Self.fix(.clientCertificateRequired, .rabbitmq)
        #expect(mtls.contains("ssl_options.fail_if_no_peer_cert = false"))
        let anchor = Self.fix(.containsAnchor, .rabbitmq, original: "leave the root out of the broker's certfile")
        #expect(anchor.contains("completed from ssl_options.cacertfile with the root"))
        let v5 = Self.fix(.mqttNoConnAck, .rabbitmq, original: "mosquitto auth plugins…")
        #expect(v5.hasPrefix("RabbitMQ before 3.13 speaks MQTT 3.1 and 3.1.1 only"))
    }

    @Test func theAnalyzersCertfileBecomesTheBrokersSetting() {
        let original = "The broker's certfile holds only the leaf: append 'X' and point the broker's certfile at it."
        let rabbit = Self.fix(.missingIntermediate, .rabbitmq, original: original)
        #expect(rabbit.hasPrefix("The broker's ssl_options.certfile holds only the leaf"))
        #expect(!rabbit.contains("ssl_options.ssl_options") && rabbit.contains("restart the node"))
        let emqx = Self.fix(.missingIntermediate, .emqx5, original: original)
        #expect(emqx.contains("listeners.ssl.default.ssl_options.certfile holds only the leaf"))
        let hive = Self.fix(.missingIntermediate, .hivemq, original: original)
        #expect(hive.hasPrefix("The key entry of the keystore holds only the leaf") && hive.contains("keytool"))
        #expect(Self.fix(.missingIntermediate, .mosquitto, original: original).hasPrefix(original))
    }

    @Test func withoutABrokerTheSettingOfEachIsListedOnce() {
        let findings = BrokerFixes.rephrase(
            [
                Self.finding(.missingIntermediate, fix: "fix the broker's certfile"),
                Self.finding(.wrongOrder, fix: "reorder certfile"),
            ], for: nil, evidence: Self.evidence)
        #expect(findings[0].fix.contains("RabbitMQ (rabbitmq_mqtt): ssl_options.certfile"))
        #expect(findings[0].fix.contains("EMQX 4.x: listener.ssl.external.certfile"))
        #expect(findings[1].fix == "reorder certfile", "listed once")
    }

    @Test func untrustedRootNamesBothSidesAndTheLikelierOne() {
        let complete = BrokerFixes.Evidence(
            presentedChainIsComplete: true, presentedTop: "Other Root", clientUsesSystemStore: false,
            leafNames: ["broker.test"], identityIsIPAddress: false)
        let fix = Self.fix(.untrustedRoot, .mosquitto, evidence: complete)
        #expect(fix.contains("give the client 'Other Root'") && fix.contains("the broker serves a certificate from"))
        #expect(fix.contains("complete chain up to 'Other Root'"))
        var system = complete
        system.clientUsesSystemStore = true
        #expect(Self.fix(.untrustedRoot, nil, evidence: system).contains("More likely the client"))
    }

    @Test func managedServicesChangeTheClient() {
        let fix = Self.fix(.missingIntermediate, .awsIoT, original: "The broker's certfile …")
        #expect(fix.contains("managed") && fix.contains("Amazon Root CA 1") && fix.contains("x-amzn-mqtt-ca"))
    }

    @Test func onlyEvidenceThatNamesOneBrokerIsInferred() {
        #expect(
            BrokerInference.infer(host: "abc-ats.iot.eu-west-1.amazonaws.com", anonymousConnectReturnCode: nil)?.broker
                == .awsIoT)
        #expect(
            BrokerInference.infer(host: "hub.azure-devices.net.", anonymousConnectReturnCode: nil)?.broker == .azureIoT)
        #expect(
            BrokerInference.infer(host: "x.s1.eu.hivemq.cloud", anonymousConnectReturnCode: 5)?.broker == .hivemqCloud)
        let rabbit = BrokerInference.infer(host: "127.0.0.1", anonymousConnectReturnCode: 4)
        #expect(rabbit?.broker == .rabbitmq && rabbit?.inferredFrom?.contains("return code 4") == true)
        #expect(BrokerInference.infer(host: "broker.example.com", anonymousConnectReturnCode: 5) == nil)
        #expect(BrokerInference.infer(host: "s3.amazonaws.com", anonymousConnectReturnCode: nil) == nil)
    }
}
