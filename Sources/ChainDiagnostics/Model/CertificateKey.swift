public import X509

/// A parsed certificate as a set or dictionary key. Equality is swift-certificates' (the encodings compared);
/// the hash takes the length and the first 48 bytes of the to-be-signed part, which hold the serial number.
/// `Certificate`'s own hash feeds all of its encoding to the hasher byte by byte, 24,000 instructions a
/// certificate, and the validators look their certificates up dozens of times a probe.
public struct CertificateKey: Hashable, Sendable {
    public let certificate: Certificate

    public init(_ certificate: Certificate) {
        self.certificate = certificate
    }

    public static func == (lhs: CertificateKey, rhs: CertificateKey) -> Bool {
        lhs.certificate == rhs.certificate
    }

    public func hash(into hasher: inout Hasher) {
        let signed = certificate.tbsCertificateBytes
        hasher.combine(signed.count)
        signed.prefix(48).withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
