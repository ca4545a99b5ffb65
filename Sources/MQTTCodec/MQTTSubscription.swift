/// One Topic Filter of a SUBSCRIBE with its options (MQTT 3.1.1 §3.8.3: requested QoS only; MQTT 5
/// §3.8.3.1: QoS, No Local, Retain As Published, Retain Handling).
public struct MQTTSubscription: Sendable, Equatable {
    /// MQTT 5 §3.8.3.1: whether retained messages are sent when the subscription is made.
    public enum RetainHandling: UInt8, Sendable, CaseIterable {
        /// 0: send retained messages at the time of the subscribe.
        case sendAtSubscribe = 0
        /// 1: send them only if the subscription does not exist yet.
        case sendAtNewSubscribe = 1
        /// 2: do not send retained messages at the time of the subscribe.
        case doNotSend = 2
    }

    public var topicFilter: String
    public var qos: MQTTQoS
    /// MQTT 5 only: do not forward this client's own publications back to it.
    public var noLocal: Bool
    /// MQTT 5 only: keep the RETAIN flag of forwarded messages.
    public var retainAsPublished: Bool
    /// MQTT 5 only.
    public var retainHandling: RetainHandling

    public init(
        topicFilter: String, qos: MQTTQoS = .atMostOnce, noLocal: Bool = false, retainAsPublished: Bool = false,
        retainHandling: RetainHandling = .sendAtSubscribe
    ) {
        self.topicFilter = topicFilter
        self.qos = qos
        self.noLocal = noLocal
        self.retainAsPublished = retainAsPublished
        self.retainHandling = retainHandling
    }

    /// The Subscription Options byte (MQTT 5 §3.8.3.1); the Requested QoS byte before MQTT 5.
    public var optionsByte: UInt8 {
        qos.rawValue | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0) | retainHandling.rawValue << 4
    }

    /// Whether any option other than QoS differs from its default, which 3.1/3.1.1 cannot express.
    var hasMQTT5Options: Bool { noLocal || retainAsPublished || retainHandling != .sendAtSubscribe }

    /// A shared subscription in MQTT 5 (§4.8.2), where No Local is a Protocol Error [MQTT-3.8.3-4].
    var isShared: Bool { topicFilter.utf8.starts(with: "$share/".utf8) }
}
