/// Quality of Service levels (MQTT 3.1.1 §4.3, MQTT 5 §4.3). The value 3 is reserved and never valid, so
/// it cannot be represented: an encoder given an `MQTTQoS` never writes QoS 3.
public enum MQTTQoS: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case atMostOnce = 0
    case atLeastOnce = 1
    case exactlyOnce = 2

    public static func < (lhs: MQTTQoS, rhs: MQTTQoS) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "QoS \(rawValue)" }
}
