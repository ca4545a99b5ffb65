import Testing

@testable import Brokers

/// The configuration readers on the documented shapes of each broker's file.
@Suite struct BrokerConfigParserTests {
    @Test func hoconBlocksFlattenToDottedKeys() {
        let flat = HOCONConfigParser.flatten(
            """
            # comment
            node {
              name = "emqx@127.0.0.1"
            }
            listeners.ssl.default {
              bind = "0.0.0.0:8883"   // a comment
              ssl_options {
                certfile = "certs/a.pem"
                versions = ["tlsv1.3", "tlsv1.2"]
              }
            }
            listeners.ssl.other.ssl_options.certfile: b.pem
            """)
        #expect(flat.problems.isEmpty, "\(flat.problems)")
        #expect(flat.values["node.name"]?.value == "emqx@127.0.0.1")
        #expect(flat.values["listeners.ssl.default.bind"]?.value == "0.0.0.0:8883")
        #expect(flat.values["listeners.ssl.default.ssl_options.certfile"]?.value == "certs/a.pem")
        #expect(flat.values["listeners.ssl.default.ssl_options.certfile"]?.line == 8)
        #expect(flat.values["listeners.ssl.default.ssl_options.versions"]?.value == "tlsv1.3,tlsv1.2")
        #expect(flat.values["listeners.ssl.other.ssl_options.certfile"]?.value == "b.pem")
        let emqx = HOCONConfigParser.emqx5(
            "listeners.ssl.default {\n bind = \"0.0.0.0:8883\"\n ssl_options {\n  certfile = \"c.pem\"\n }\n}\n")
        #expect(emqx.listeners.map(\.certfile) == ["c.pem"])
        #expect(HOCONConfigParser.flatten("a {\n b = 1\n").problems.map(\.line) == [3])
    }

    @Test func mosquittoListenersAndTheirLines() {
        let configuration = MosquittoConfigParser.parse(
            """
            listener 1883
            listener 8883 0.0.0.0
            certfile a.crt
            keyfile a.key
            tls_version tlsv1.2
            require_certificate true
            include_dir conf.d
            listener
            """)
        #expect(configuration.listeners.map(\.name) == ["listener 8883 0.0.0.0"])
        #expect(configuration.listeners.first?.line == 2)
        #expect(configuration.listeners.first?.tlsVersions == ["tlsv1.2"])
        #expect(configuration.listeners.first?.requiresClientCertificate == true)
        #expect(configuration.includes == ["conf.d"])
        #expect(configuration.problems.map(\.line) == [8])
    }

    @Test func ejabberdListensWithTLSFromItsCertfiles() {
        let configuration = DocumentConfigParsers.ejabberd(
            """
            certfiles:
              - "/etc/ejabberd/a.pem"
            listen:
              -
                port: 5222
                module: ejabberd_c2s
              -
                port: 8883
                module: mod_mqtt
                tls: true
                protocol_options: [no_sslv3, no_tlsv1, no_tlsv1_1]
            """)
        #expect(configuration.globalCertificateFiles == ["/etc/ejabberd/a.pem"])
        #expect(configuration.listeners.map(\.name) == ["listen port 8883 (mod_mqtt)"])
        #expect(configuration.listeners.first?.tlsVersions == ["tlsv1.2", "tlsv1.3"])
    }

    @Test func theBrokerIsToldFromTheFile() {
        #expect(BrokerConfigParser.guessBroker(fileName: "mosquitto.conf", text: "") == .mosquitto)
        #expect(BrokerConfigParser.guessBroker(fileName: "x.conf", text: "mqtt.listeners.ssl.default = 1") == .rabbitmq)
        #expect(BrokerConfigParser.guessBroker(fileName: "emqx.conf", text: "listener.ssl.external = 1") == .emqx4)
        #expect(BrokerConfigParser.guessBroker(fileName: "emqx.conf", text: "listeners.ssl.default {}") == .emqx5)
        #expect(BrokerConfigParser.guessBroker(fileName: "config.xml", text: "<hivemq>") == .hivemq)
        #expect(BrokerConfigParser.guessBroker(fileName: "notes.txt", text: "hello") == nil)
    }
}
