/// Sizes of what a broker sends and a device stores.
public enum CertificateMessage {
    /// Bytes of the TLS 1.2 Certificate handshake message carrying `chain` (RFC 5246 §7.4.2): a 4-byte handshake
    /// header, a 3-byte list length and a 3-byte length before each certificate. TLS 1.3 adds 2 bytes of extensions
    /// per certificate and a request context (RFC 8446 §4.4.2).
    public static func size(of chain: [[UInt8]]) -> Int {
        4 + 3 + chain.reduce(0) { $0 + 3 + $1.count }
    }

    /// Bytes of a certificate as PEM: base64 in lines of 64 characters between the BEGIN and END lines.
    public static func pemSize(derBytes: Int) -> Int {
        let base64 = (derBytes + 2) / 3 * 4
        let lines = (base64 + 63) / 64
        return "-----BEGIN CERTIFICATE-----\n".utf8.count + base64 + lines + "-----END CERTIFICATE-----\n".utf8.count
    }
}
