/// CONNECT (MQTT 3.1.1 §3.1), without a will: what a probe needs.
public struct ConnectPacket: Sendable, Equatable {
    public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A UTF-8 string or binary field longer than 65,535 bytes (§1.5.3).
        case fieldTooLong(String)
        /// MQTT 5 CONNECT needs properties, which this encoder does not write yet.
        case unsupportedVersion(MQTTProtocolVersion)
        public var description: String {
            switch self {
            case .fieldTooLong(let field): "\(field) is longer than 65535 bytes"
            case .unsupportedVersion(let version): "CONNECT for MQTT \(version.displayName) is not supported"
            }
        }
    }

    public var protocolVersion: MQTTProtocolVersion
    public var clientIdentifier: String
    public var cleanSession: Bool
    public var keepAliveSeconds: UInt16
    public var username: String?
    public var password: [UInt8]?

    public init(
        protocolVersion: MQTTProtocolVersion = .v3_1_1, clientIdentifier: String, cleanSession: Bool,
        keepAliveSeconds: UInt16, username: String? = nil, password: [UInt8]? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.clientIdentifier = clientIdentifier
        self.cleanSession = cleanSession
        self.keepAliveSeconds = keepAliveSeconds
        self.username = username
        self.password = password
    }

    public func encode() throws(EncodingError) -> [UInt8] {
        guard protocolVersion != .v5 else { throw .unsupportedVersion(protocolVersion) }
        var body: [UInt8] = []
        try Self.appendField(Array(protocolVersion.protocolName.utf8), to: &body, name: "protocol name")
        body.append(protocolVersion.level)
        var flags: UInt8 = 0
        if cleanSession { flags |= 0x02 }
        if username != nil { flags |= 0x80 }
        if password != nil { flags |= 0x40 }
        body.append(flags)
        body += [UInt8(keepAliveSeconds >> 8), UInt8(keepAliveSeconds & 0xFF)]
        try Self.appendField(Array(clientIdentifier.utf8), to: &body, name: "client identifier")
        if let username { try Self.appendField(Array(username.utf8), to: &body, name: "user name") }
        if let password { try Self.appendField(password, to: &body, name: "password") }
        // A CONNECT body without a will is at most 4 fields of 65,537 bytes: always encodable.
        let length = VariableByteInteger.encode(body.count) ?? []
        return [0x10] + length + body
    }

    /// Two-byte big-endian length, then the bytes (§1.5.3).
    static func appendField(_ bytes: [UInt8], to body: inout [UInt8], name: String) throws(EncodingError) {
        guard bytes.count <= 0xFFFF else { throw .fieldTooLong(name) }
        body += [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
    }
}
