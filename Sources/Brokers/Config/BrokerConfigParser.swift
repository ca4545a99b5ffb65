import FoundationSubstitutes

/// Reads a broker's configuration text into its TLS listeners, choosing the format by the broker.
public enum BrokerConfigParser {
    /// The broker a configuration file's name and text say it is for; nil when neither does.
    public static func guessBroker(fileName: String, text: String) -> Broker? {
        let name = fileName.lowercased()
        if name.hasSuffix("mosquitto.conf") || text.includes("\nlistener ") || text.hasPrefix("listener ") {
            return .mosquitto
        }
        if name.includes("rabbitmq") || text.includes("mqtt.listeners.") { return .rabbitmq }
        if name.includes("vernemq") || text.includes("allow_register_during_netsplit") { return .vernemq }
        if name.includes("nanomq") { return .nanomq }
        if name.hasSuffix(".xml") || text.includes("<hivemq") { return .hivemq }
        if name.includes("ejabberd") || text.includes("mod_mqtt") { return .ejabberd }
        if name.includes("emqx") || text.includes("listeners.ssl") || text.includes("listener.ssl.external") {
            return text.includes("listener.ssl.external") ? .emqx4 : .emqx5
        }
        return nil
    }

    public static func parse(_ text: String, broker: Broker) -> BrokerConfiguration? {
        switch broker {
        case .mosquitto: MosquittoConfigParser.parse(text)
        case .rabbitmq: KeyValueConfigParser.rabbitmq(text)
        case .emqx4: KeyValueConfigParser.emqx4(text)
        case .vernemq: KeyValueConfigParser.vernemq(text)
        case .emqx5: HOCONConfigParser.emqx5(text)
        case .nanomq: HOCONConfigParser.nanomq(text)
        case .hivemq: DocumentConfigParsers.hivemq(text)
        case .ejabberd: DocumentConfigParsers.ejabberd(text)
        case .awsIoT, .azureIoT, .hivemqCloud: nil
        }
    }
}
