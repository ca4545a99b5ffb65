/// An MQTT broker (or managed service) whose settings a fix can name (`--broker`).
public enum Broker: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case mosquitto
    case rabbitmq
    /// EMQX 4.x (`emqx.conf` with `listener.ssl.external.*`).
    case emqx4
    /// EMQX 5.x (`emqx.conf` HOCON with `listeners.ssl.default.ssl_options`).
    case emqx5
    /// HiveMQ (Community and Enterprise): `config.xml` with a Java keystore.
    case hivemq
    case nanomq
    case vernemq
    case ejabberd
    /// AWS IoT Core: managed, the operator controls only the client.
    case awsIoT = "aws-iot"
    /// Azure IoT Hub and Event Grid's MQTT broker: managed.
    case azureIoT = "azure-iot"
    /// HiveMQ Cloud: managed.
    case hivemqCloud = "hivemq-cloud"

    public var dialect: BrokerDialect {
        switch self {
        case .mosquitto: .mosquitto
        case .rabbitmq: .rabbitmq
        case .emqx4: .emqx4
        case .emqx5: .emqx5
        case .hivemq: .hivemq
        case .nanomq: .nanomq
        case .vernemq: .vernemq
        case .ejabberd: .ejabberd
        case .awsIoT: .awsIoT
        case .azureIoT: .azureIoT
        case .hivemqCloud: .hivemqCloud
        }
    }
}
