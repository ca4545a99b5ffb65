internal import COpenSSL
import Synchronization

/// DER encoding and decoding of OpenSSL objects (i2d_X509(3), d2i_X509(3)).
enum DER {
    static func encode(certificate: OpaquePointer) -> [UInt8]? {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        return written == length ? bytes : nil
    }

    static func encode(name: OpaquePointer) -> [UInt8]? {
        let length = i2d_X509_NAME(name, nil)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_X509_NAME(name, &cursor)
        }
        return written == length ? bytes : nil
    }

    /// An owned `X509*` (free with X509_free), or nil when the bytes are not one DER certificate.
    static func decodeCertificate(_ der: [UInt8]) -> OpaquePointer? {
        if let remembered = RecentCertificates.reference(to: der) { return remembered }
        return der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
    }
}

/// The certificates of the last few handshakes, as OpenSSL decoded them, by their DER. Decoding a certificate costs
/// OpenSSL 3.0 about 1.5 million instructions (its public key goes through the provider decoders), and the OpenSSL
/// verdict that follows a handshake would otherwise decode the presented chain a second time. The list holds one
/// reference to each (X509_up_ref); whoever takes one gets a reference of its own, to free as a decoded one.
enum RecentCertificates {
    static let capacity = 32

    private struct Entry: @unchecked Sendable {
        var der: [UInt8]
        var certificate: OpaquePointer
    }

    private static let entries = Mutex<[Entry]>([])

    /// The DER of `certificate`, a peer's as the handshake decoded it, which is kept for `reference(to:)`.
    static func encodeRemembering(_ certificate: OpaquePointer) -> [UInt8]? {
        guard let der = DER.encode(certificate: certificate) else { return nil }
        X509_up_ref(certificate)
        let kept = Entry(der: der, certificate: certificate)
        let dropped: Entry? = entries.withLock { list in
            if list.contains(where: { $0.der == der }) { return kept }
            list.append(kept)
            return list.count > capacity ? list.removeFirst() : nil
        }
        if let dropped { X509_free(dropped.certificate) }
        return der
    }

    /// A new reference to the remembered certificate with exactly these bytes.
    static func reference(to der: [UInt8]) -> OpaquePointer? {
        let found: Entry? = entries.withLock { list in
            guard let entry = list.last(where: { $0.der == der }) else { return nil }
            X509_up_ref(entry.certificate)
            return entry
        }
        return found?.certificate
    }
}
