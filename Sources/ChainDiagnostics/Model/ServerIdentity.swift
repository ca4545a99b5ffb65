/// The identity a client checks the leaf against: the name or address it dialled (RFC 6125 §6).
public enum ServerIdentity: Sendable, Equatable, CustomStringConvertible {
    case dnsName(String)
    /// An IPv4 or IPv6 address, as 4 or 16 bytes.
    case ipAddress([UInt8])

    /// Classifies what a user typed: an IPv4/IPv6 literal (brackets allowed) or a DNS name.
    public init(_ text: String) {
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if let bytes = IPAddressText.parse(trimmed) {
            self = .ipAddress(bytes)
        } else {
            self = .dnsName(trimmed)
        }
    }

    public var description: String {
        switch self {
        case .dnsName(let name): name
        case .ipAddress(let bytes): IPAddressText.format(bytes)
        }
    }
}
