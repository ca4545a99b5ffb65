public import TLSProbe

/// What the probe saw of a broker's TLS surface: the negotiated session, each version tried on its own,
/// client certificates, ALPN, SNI and the OCSP staple. The TLS rules judge it; the report shows it.
public struct TLSSurface: Sendable, Equatable {
    /// Client certificates (mutual TLS).
    public struct ClientAuth: Sendable, Equatable {
        /// The broker sent a CertificateRequest.
        public var requested: Bool
        /// Connecting without a certificate fails; nil when not known (a certificate was presented).
        public var required: Bool?
        /// This probe presented one (`--cert`).
        public var presented: Bool
        /// The CA names the broker says it accepts (RFC 4514 text).
        public var acceptableIssuers: [String]
        /// How the broker answered the presented or missing certificate, when it did within the wait.
        public var answer: BrokerAnswer?

        public init(
            requested: Bool, required: Bool?, presented: Bool, acceptableIssuers: [String], answer: BrokerAnswer?
        ) {
            self.requested = requested
            self.required = required
            self.presented = presented
            self.acceptableIssuers = acceptableIssuers
            self.answer = answer
        }
    }

    /// How a broker ended a connection: with a TLS alert (RFC 8446 §6), or without one (a reset, a plain close).
    public enum BrokerAnswer: Sendable, Equatable, CustomStringConvertible {
        case alert(TLSAlert)
        /// The connection ended without an alert; how, in words.
        case ended(String)

        public var alert: TLSAlert? {
            if case .alert(let alert) = self { return alert }
            return nil
        }

        /// The alert's name as OpenSSL gives it ("certificate required"), or how the connection ended.
        public var description: String {
            switch self {
            case .alert(let alert): alert.name
            case .ended(let how): how
            }
        }
    }

    /// The negotiated version; nil when no handshake completed.
    public var version: TLSProtocolVersion?
    /// The negotiated cipher suite, OpenSSL's name.
    public var cipher: String?
    /// Every version tried on its own; nil with `--quick`.
    public var versions: [TLSVersionSurvey.Result]?
    public var clientAuth: ClientAuth?
    public var alpnOffered: [String]
    public var alpnSelected: String?
    /// The SNI name sent, if any.
    public var serverName: String?
    /// Whether a handshake without SNI presents another leaf: nil when not tried.
    public var certificateDiffersWithoutSNI: Bool?
    /// The stapled OCSP response; nil when none was asked for.
    public var ocspStaple: OCSPStaple?

    public init(
        version: TLSProtocolVersion?, cipher: String?, versions: [TLSVersionSurvey.Result]? = nil,
        clientAuth: ClientAuth? = nil, alpnOffered: [String] = [], alpnSelected: String? = nil,
        serverName: String? = nil, certificateDiffersWithoutSNI: Bool? = nil, ocspStaple: OCSPStaple? = nil
    ) {
        self.version = version
        self.cipher = cipher
        self.versions = versions
        self.clientAuth = clientAuth
        self.alpnOffered = alpnOffered
        self.alpnSelected = alpnSelected
        self.serverName = serverName
        self.certificateDiffersWithoutSNI = certificateDiffersWithoutSNI
        self.ocspStaple = ocspStaple
    }

    /// The versions the broker accepted, in ascending order; empty when the survey did not run or found none.
    /// The versions the survey saw accepted, and the one the main handshake negotiated.
    public var acceptedVersions: [TLSProtocolVersion] {
        var accepted = (versions ?? []).filter(\.accepted).map(\.version)
        if let version, !accepted.contains(version), versions != nil { accepted.append(version) }
        return accepted.sorted()
    }

    /// Versions whose survey handshake got no answer in time: neither accepted nor refused.
    public var unansweredVersions: [TLSProtocolVersion] {
        (versions ?? []).filter { $0.noAnswer && !$0.accepted && $0.version != version }.map(\.version)
    }
}
