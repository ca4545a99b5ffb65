public import ChainDiagnostics

/// What one client family makes of a broker: accepts or rejects, what it prints, why, and what to change.
public struct ClientVerdict: Sendable, Equatable {
    /// Why a family rejects.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// A chain rule of its profile.
        case chain(StrictRule)
        /// OpenSSL's verify code (the OpenSSL family's verdict is OpenSSL's own).
        case opensslVerifyCode(Int32)
        /// The broker accepts none of the TLS versions the client offers.
        case noCommonVersion
        /// The Certificate message does not fit the client's input buffer.
        case certificateMessageTooLarge

        /// A stable snake_case name for JSON.
        public var description: String {
            switch self {
            case .chain(let rule): rule.rawValue
            case .opensslVerifyCode(let code): "openssl_verify_\(code)"
            case .noCommonVersion: "no_common_version"
            case .certificateMessageTooLarge: "certificate_message_too_large"
            }
        }
    }

    /// The root a client must carry for the chain to verify, and what it costs a device to embed it.
    public struct TrustAnchorNeed: Sendable, Equatable {
        public var subject: String
        /// Its PEM size in bytes: what a CA file or an embedded bundle grows by.
        public var pemBytes: Int
    }

    public var family: ClientFamily
    public var accepted: Bool
    public var reason: Reason?
    /// What the client prints for the failure, in its own words; nil when it accepts.
    public var prints: String?
    /// Why, in a sentence naming the certificate or the setting.
    public var detail: String?
    /// What makes this family accept.
    public var fix: String?
    /// For an accepted chain, the root the path ends in.
    public var trustAnchor: TrustAnchorNeed?

    public init(
        family: ClientFamily, accepted: Bool, reason: Reason? = nil, prints: String? = nil, detail: String? = nil,
        fix: String? = nil, trustAnchor: TrustAnchorNeed? = nil
    ) {
        self.family = family
        self.accepted = accepted
        self.reason = reason
        self.prints = prints
        self.detail = detail
        self.fix = fix
        self.trustAnchor = trustAnchor
    }

    public var profile: ClientProfile { family.profile }
}

extension [ClientVerdict] {
    /// "Go, Java accept; OpenSSL, mbedTLS 2.28 (ESP-IDF 4.x) reject": the table in one line.
    public var summary: String {
        let accepting = filter(\.accepted).map(\.profile.name)
        let rejecting = filter { !$0.accepted }.map(\.profile.name)
        return [
            accepting.isEmpty ? nil : accepting.joined(separator: ", ") + " accept",
            rejecting.isEmpty ? nil : rejecting.joined(separator: ", ") + " reject",
        ]
        .compactMap { $0 }.joined(separator: "; ")
    }
}
