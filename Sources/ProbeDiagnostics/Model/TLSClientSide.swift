public import TLSProbe

/// What the operator's client is configured with, to judge the broker's answers against.
public struct TLSClientSide: Sendable, Equatable {
    /// The versions the client offers (`--tls-version`; without it, OpenSSL's default: TLS 1.2 and 1.3).
    public var versions: [TLSProtocolVersion]
    public var hasClientCertificate: Bool
    /// What the client certificate is, as the evidence of a refusal: "'device-1' issued by 'Client CA',
    /// valid until 2027-01-01".
    public var certificateFacts: String?
    /// The ALPN protocols offered.
    public var offeredALPN: [String]

    public init(
        versions: [TLSProtocolVersion], hasClientCertificate: Bool, certificateFacts: String? = nil,
        offeredALPN: [String] = []
    ) {
        self.versions = versions
        self.hasClientCertificate = hasClientCertificate
        self.certificateFacts = certificateFacts
        self.offeredALPN = offeredALPN
    }
}
