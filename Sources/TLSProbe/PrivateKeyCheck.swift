internal import COpenSSL
import Glibc

/// Whether a broker's keyfile loads and belongs to its certificate, judged by OpenSSL exactly as mosquitto
/// judges it at start-up: PEM_read_bio_PrivateKey(3), then X509_check_private_key(3).
public enum PrivateKeyCheck {
    public enum Outcome: Sendable, Equatable {
        /// The key loads and is the certificate's key; `description` names its type ("RSA 2048 bits").
        case matches(description: String)
        /// The key loads but belongs to another certificate.
        case mismatch(description: String)
        /// The key is protected by a passphrase (a broker started as a service cannot ask for it).
        case encrypted
        /// Not a private key OpenSSL can read; OpenSSL's reason.
        case unreadable(String)
    }

    public static func check(keyFile bytes: [UInt8], certificateDER: [UInt8]) -> Outcome {
        OpenSSLErrorQueue.clear()
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
            return .encrypted
        }
        guard let bio = bytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32(clamping: $0.count)) }) else {
            return .unreadable("BIO_new_mem_buf failed")
        }
        defer { BIO_free(bio) }
        // A passphrase callback that refuses: never prompt on the terminal.
        var key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        if key == nil {
            // DER (PKCS#8 or traditional) as well as PEM.
            OpenSSLErrorQueue.clear()
            key = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
            }
        }
        guard let key else {
            let reasons = OpenSSLErrorQueue.drainText()
            return .unreadable(reasons.first ?? "no private key found")
        }
        defer { EVP_PKEY_free(key) }
        guard let certificate = DER.decodeCertificate(certificateDER) else {
            return .unreadable("the certificate is not valid DER")
        }
        defer { X509_free(certificate) }
        let type = String(cString: OBJ_nid2sn(EVP_PKEY_get_base_id(key)))
        let description = "\(type) \(EVP_PKEY_get_bits(key)) bits"
        let matches = X509_check_private_key(certificate, key) == 1
        OpenSSLErrorQueue.clear()
        return matches ? .matches(description: description) : .mismatch(description: description)
    }
}
