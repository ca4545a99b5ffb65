/// What one TLS handshake showed, copied out of OpenSSL into plain values.
///
/// The chain is kept exactly as the server sent it (RFC 8446 §4.4.2, RFC 5246 §7.4.2): order included,
/// unverified. The chain analyzer judges it later, against the client's trust store.
public struct HandshakeObservation: Sendable, Equatable {
    /// The address that accepted the connection, "127.0.0.1:8883" or "[::1]:8883".
    public var connectedAddress: String
    /// The SNI name sent, if any.
    public var serverName: String?
    /// OpenSSL's name for the negotiated version: "TLSv1.3", "TLSv1.2", ...
    public var protocolVersion: String
    /// The negotiated cipher suite, OpenSSL's name ("TLS_AES_256_GCM_SHA384").
    public var cipher: String
    /// The certificates the server presented, DER, in the order sent (SSL_get_peer_cert_chain(3)).
    public var presentedChain: [[UInt8]]
    /// The DER-encoded distinguished names of the CAs the server accepts for client certificates
    /// (the certificate_authorities of its CertificateRequest); empty when it asked for none.
    public var acceptableClientCANames: [[UInt8]]
    /// Whether the server sent a CertificateRequest (it asks for a client certificate).
    public var clientCertificateRequested: Bool
    /// Whether this client answered it with a certificate (`--cert`).
    public var clientCertificatePresented: Bool
    /// The ALPN protocol the server selected (RFC 7301), if any.
    public var alpnSelected: String?
    /// The stapled OCSP response, when one was asked for; `.none` when the server stapled nothing.
    public var ocspStaple: OCSPStaple?
    public var tcpMilliseconds: Double
    public var handshakeMilliseconds: Double

    public init(
        connectedAddress: String, serverName: String?, protocolVersion: String, cipher: String,
        presentedChain: [[UInt8]], acceptableClientCANames: [[UInt8]], clientCertificateRequested: Bool,
        clientCertificatePresented: Bool = false, alpnSelected: String? = nil, ocspStaple: OCSPStaple? = nil,
        tcpMilliseconds: Double, handshakeMilliseconds: Double
    ) {
        self.clientCertificatePresented = clientCertificatePresented
        self.alpnSelected = alpnSelected
        self.ocspStaple = ocspStaple
        self.connectedAddress = connectedAddress
        self.serverName = serverName
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.presentedChain = presentedChain
        self.acceptableClientCANames = acceptableClientCANames
        self.clientCertificateRequested = clientCertificateRequested
        self.tcpMilliseconds = tcpMilliseconds
        self.handshakeMilliseconds = handshakeMilliseconds
    }
}
