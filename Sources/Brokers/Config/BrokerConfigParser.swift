/// Reads a broker's configuration text into its TLS listeners, choosing the format by the broker.
public enum BrokerConfigParser {
    /// The broker a configuration file's name and text say it is for; nil when neither does.
    public static func guessBroker(fileName: String, text: String) -> Broker? {
        let name = fileName.lowercased()
        if name.hasSuffix("mosquitto.conf") || text.contains("\nlistener ") || text.hasPrefix("listener ") {
            return .mosquitto
        }
        if name.contains("rabbitmq") || text.contains("mqtt.listeners.") { return .rabbitmq }
        if name.contains("vernemq") || text.contains("allow_register_during_netsplit") { return .vernemq }
        if name.contains("nanomq") { return .nanomq }
        if name.hasSuffix(".xml") || text.contains("<hivemq") { return .hivemq }
        if name.contains("ejabberd") || text.contains("mod_mqtt") { return .ejabberd }
        if name.contains("emqx") || text.contains("listeners.ssl") || text.contains("listener.ssl.external") {
            return text.contains("listener.ssl.external") ? .emqx4 : .emqx5
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
