/// Where a client finds its trust anchors, as mosquitto_sub and paho are configured.
public enum TrustStoreSource: Sendable, Equatable {
    /// A PEM bundle (`--cafile`, mosquitto's `cafile`).
    case caFile(String)
    /// An OpenSSL hashed directory (`--capath`, mosquitto's `capath`; see openssl-rehash(1)).
    case caPath(String)
    /// The certificates of a PEM bundle, already read (each once) by the caller; `file` names it in errors.
    case certificates(file: String, der: [[UInt8]])
    /// OpenSSL's default locations (SSL_CTX_set_default_verify_paths(3)); on Debian /etc/ssl/certs.
    case system
}
