/// The CONNACK return code of MQTT 3.1.1 (§3.2.2.3, table 3.1), in the spec's words.
public enum ConnectReturnCode: Sendable, Equatable, CustomStringConvertible {
    case accepted
    case unacceptableProtocolVersion
    case identifierRejected
    case serverUnavailable
    case badUserNameOrPassword
    case notAuthorized
    /// 6-255: reserved for future use.
    case reserved(UInt8)

    public init(rawValue: UInt8) {
        switch rawValue {
        case 0: self = .accepted
        case 1: self = .unacceptableProtocolVersion
        case 2: self = .identifierRejected
        case 3: self = .serverUnavailable
        case 4: self = .badUserNameOrPassword
        case 5: self = .notAuthorized
        default: self = .reserved(rawValue)
        }
    }

    public var rawValue: UInt8 {
        switch self {
        case .accepted: 0
        case .unacceptableProtocolVersion: 1
        case .identifierRejected: 2
        case .serverUnavailable: 3
        case .badUserNameOrPassword: 4
        case .notAuthorized: 5
        case .reserved(let value): value
        }
    }

    public var description: String {
        switch self {
        case .accepted: "Connection Accepted"
        case .unacceptableProtocolVersion: "Connection Refused, unacceptable protocol version"
        case .identifierRejected: "Connection Refused, identifier rejected"
        case .serverUnavailable: "Connection Refused, Server unavailable"
        case .badUserNameOrPassword: "Connection Refused, bad user name or password"
        case .notAuthorized: "Connection Refused, not authorized"
        case .reserved(let value): "Connection Refused, reserved return code \(value)"
        }
    }

    /// The MQTT 5 Connect Reason Code with the same meaning (MQTT 5 §3.2.2.2 table 3-1). A reserved value
    /// that is itself an MQTT 5 CONNACK code maps to that code, any other to Unspecified error.
    public var reasonCode: ConnAckReasonCode {
        switch self {
        case .accepted: .success
        case .unacceptableProtocolVersion: .unsupportedProtocolVersion
        case .identifierRejected: .clientIdentifierNotValid
        case .serverUnavailable: .serverUnavailable
        case .badUserNameOrPassword: .badUserNameOrPassword
        case .notAuthorized: .notAuthorized
        case .reserved(let value): ConnAckReasonCode(rawValue: value) ?? .unspecifiedError
        }
    }
}
