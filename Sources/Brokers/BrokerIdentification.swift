import FoundationSubstitutes

/// Which broker a report's fixes are phrased for, and how chaindoctor knows: `--broker`, or an inference whose
/// evidence is stated. Without either, fixes stay neutral and list each broker's setting briefly.
public struct BrokerIdentification: Sendable, Equatable {
    public var broker: Broker
    /// nil when the user named the broker (`--broker`); otherwise what it was inferred from, in words.
    public var inferredFrom: String?

    public init(broker: Broker, inferredFrom: String?) {
        self.broker = broker
        self.inferredFrom = inferredFrom
    }

    public var dialect: BrokerDialect { broker.dialect }
}

/// What can honestly be inferred about the broker from what a probe saw. Only evidence that names one broker or
/// service counts: a managed service's host name, and RabbitMQ's return code 4 to an anonymous CONNECT (mosquitto,
/// EMQX, VerneMQ, NanoMQ and ejabberd answer 5). Anything else leaves the broker unknown.
public enum BrokerInference {
    public static func infer(host: String, anonymousConnectReturnCode: UInt8?) -> BrokerIdentification? {
        let name = host.lowercased().trimmingTrailingDot
        if name.hasSuffix(".amazonaws.com") && name.includes(".iot.") {
            return BrokerIdentification(
                broker: .awsIoT,
                inferredFrom: "the host name \(name) is an AWS IoT Core endpoint (*.iot.*.amazonaws.com)")
        }
        if name.hasSuffix(".azure-devices.net") || name.hasSuffix(".eventgrid.azure.net") {
            return BrokerIdentification(
                broker: .azureIoT,
                inferredFrom: "the host name \(name) is an Azure IoT Hub or Event Grid endpoint")
        }
        if name.hasSuffix(".hivemq.cloud") {
            return BrokerIdentification(
                broker: .hivemqCloud, inferredFrom: "the host name \(name) is a HiveMQ Cloud cluster (*.hivemq.cloud)")
        }
        if anonymousConnectReturnCode == 4 {
            return BrokerIdentification(
                broker: .rabbitmq,
                inferredFrom: "an anonymous CONNECT was refused with return code 4 (bad user name or password), "
                    + "RabbitMQ's answer; mosquitto, EMQX, VerneMQ, NanoMQ and ejabberd answer 5")
        }
        return nil
    }
}

extension String {
    var trimmingTrailingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
