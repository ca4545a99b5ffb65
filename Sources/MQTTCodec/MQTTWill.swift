/// The Will Message of a CONNECT (MQTT 3.1.1 §3.1.2.5-§3.1.2.7, §3.1.3.2-§3.1.3.3; MQTT 5 §3.1.2.5-§3.1.2.7,
/// §3.1.3.2-§3.1.3.4): published by the server if the connection ends without a DISCONNECT.
public struct MQTTWill: Sendable, Equatable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    public var retain: Bool
    /// MQTT 5 Will Properties (§3.1.3.2); may be empty, and must be before MQTT 5.
    public var properties: MQTTProperties

    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS = .atMostOnce, retain: Bool = false,
        properties: MQTTProperties = []
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
    }
}
