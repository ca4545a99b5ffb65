internal import COpenSSL

/// The name hash OpenSSL's hashed-directory lookup files CAs under (X509_LOOKUP_hash_dir(3), openssl-rehash(1)):
/// a client with a `capath` that needs the issuer of a certificate opens `<hash of the issuer's name>.0`, `.1`, …
/// and nothing else, so a CA stored under another name is not in its trust store.
public enum SubjectNameHash {
    /// X509_NAME_hash_ex of a DER-encoded Name (the canonical, case- and space-folded form, SHA-1, first four
    /// bytes), as `openssl x509 -subject_hash` prints it; nil when OpenSSL cannot decode the name.
    public static func of(derEncodedName der: [UInt8]) -> UInt32? {
        der.withUnsafeBufferPointer { buffer -> UInt32? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let name = d2i_X509_NAME(nil, &cursor, buffer.count) else {
                OpenSSLErrorQueue.clear()
                return nil
            }
            defer { X509_NAME_free(name) }
            var ok: Int32 = 0
            let hash = X509_NAME_hash_ex(name, nil, nil, &ok)
            guard ok == 1 else {
                OpenSSLErrorQueue.clear()
                return nil
            }
            return UInt32(truncatingIfNeeded: hash)
        }
    }
}
