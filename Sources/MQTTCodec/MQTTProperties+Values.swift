/// Typed reads of single properties (MQTT 5 §2.2.2.2 table 2-4); nil when absent.
extension MQTTProperties {
    public var payloadFormatIndicator: Bool? {
        for case .payloadFormatIndicator(let v) in elements { return v }; return nil
    }
    public var messageExpiryInterval: UInt32? {
        for case .messageExpiryInterval(let v) in elements { return v }; return nil
    }
    public var contentType: String? { for case .contentType(let v) in elements { return v }; return nil }
    public var responseTopic: String? { for case .responseTopic(let v) in elements { return v }; return nil }
    public var correlationData: [UInt8]? { for case .correlationData(let v) in elements { return v }; return nil }
    /// Every Subscription Identifier: PUBLISH may carry several (§3.3.2.3.8).
    public var subscriptionIdentifiers: [Int] {
        elements.compactMap { if case .subscriptionIdentifier(let v) = $0 { v } else { nil } }
    }
    public var sessionExpiryInterval: UInt32? {
        for case .sessionExpiryInterval(let v) in elements { return v }; return nil
    }
    public var assignedClientIdentifier: String? {
        for case .assignedClientIdentifier(let v) in elements { return v }; return nil
    }
    public var serverKeepAlive: UInt16? { for case .serverKeepAlive(let v) in elements { return v }; return nil }
    public var authenticationMethod: String? {
        for case .authenticationMethod(let v) in elements { return v }; return nil
    }
    public var authenticationData: [UInt8]? { for case .authenticationData(let v) in elements { return v }; return nil }
    public var requestProblemInformation: Bool? {
        for case .requestProblemInformation(let v) in elements { return v }; return nil
    }
    public var willDelayInterval: UInt32? { for case .willDelayInterval(let v) in elements { return v }; return nil }
    public var requestResponseInformation: Bool? {
        for case .requestResponseInformation(let v) in elements { return v }; return nil
    }
    public var responseInformation: String? {
        for case .responseInformation(let v) in elements { return v }; return nil
    }
    public var serverReference: String? { for case .serverReference(let v) in elements { return v }; return nil }
    public var reasonString: String? { for case .reasonString(let v) in elements { return v }; return nil }
    public var receiveMaximum: UInt16? { for case .receiveMaximum(let v) in elements { return v }; return nil }
    public var topicAliasMaximum: UInt16? { for case .topicAliasMaximum(let v) in elements { return v }; return nil }
    public var topicAlias: UInt16? { for case .topicAlias(let v) in elements { return v }; return nil }
    public var maximumQoS: MQTTQoS? { for case .maximumQoS(let v) in elements { return v }; return nil }
    public var retainAvailable: Bool? { for case .retainAvailable(let v) in elements { return v }; return nil }
    /// Every User Property, in wire order; names may repeat (§3.1.2.11.8).
    public var userProperties: [(name: String, value: String)] {
        elements.compactMap { if case .userProperty(let name, let value) = $0 { (name, value) } else { nil } }
    }
    public var maximumPacketSize: UInt32? { for case .maximumPacketSize(let v) in elements { return v }; return nil }
    public var wildcardSubscriptionAvailable: Bool? {
        for case .wildcardSubscriptionAvailable(let v) in elements { return v }; return nil
    }
    public var subscriptionIdentifierAvailable: Bool? {
        for case .subscriptionIdentifierAvailable(let v) in elements { return v }; return nil
    }
    public var sharedSubscriptionAvailable: Bool? {
        for case .sharedSubscriptionAvailable(let v) in elements { return v }; return nil
    }
}
