/// What the analyzer holds a chain to: the thresholds a user can set and the strength OpenSSL's default
/// security level (2 on Debian and most distributions, SSL_CTX_set_security_level(3)) requires.
public struct ChainPolicy: Sendable, Equatable {
    /// Warn (`warning`) this many days before a certificate on the path expires.
    public var warnDays: Int
    /// Within this many days of expiry the finding is an `error`.
    public var critDays: Int
    /// Smallest RSA modulus accepted (security level 2: 112 bits of security).
    public var minimumRSABits: Int
    /// Smallest EC field size accepted.
    public var minimumECBits: Int

    public init(warnDays: Int = 30, critDays: Int = 7, minimumRSABits: Int = 2048, minimumECBits: Int = 256) {
        self.warnDays = warnDays
        self.critDays = critDays
        self.minimumRSABits = minimumRSABits
        self.minimumECBits = minimumECBits
    }
}
