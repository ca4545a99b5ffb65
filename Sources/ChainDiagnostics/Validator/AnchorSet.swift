public import X509

/// The trust anchors as the strict validator and the client-family imitations use them: each distinct certificate
/// parsed once, indexed by subject, with its DER. A trust store is loaded once per run (an audit shares it across
/// every broker), while the strict verdict and each client family validate against it again; parsing and indexing
/// 20,000 CAs of a `--capath` on every validation made a check cost seconds.
public struct AnchorSet: Sendable {
    /// The usable anchors, distinct, in their first order.
    public private(set) var certificates: [Certificate] = []
    /// Anchors swift-certificates cannot parse (an unsupported key type): the validator names them.
    public private(set) var unparseable: [[UInt8]] = []
    private(set) var bySubject: [DistinguishedName: [Certificate]] = [:]
    private var derOf: [CertificateKey: [UInt8]] = [:]
    private var byDER: [DERKey: Certificate] = [:]

    /// From certificates already parsed (the trust store loader's) and the encodings it could not parse. An array,
    /// not any sequence: called from another module, a generic parameter is resolved at run time, and finding its
    /// iterator type costs a scan of every protocol-conformance record (a quarter of a million instructions).
    public init(parsed: [(certificate: Certificate, der: [UInt8])], unparseable: [[UInt8]] = []) {
        var seen: Set<DERKey> = []
        for (certificate, der) in parsed where seen.insert(DERKey(der)).inserted {
            add(certificate, der: der)
        }
        self.unparseable = unparseable.filter { seen.insert(DERKey($0)).inserted }
    }

    /// From DER encodings, parsing each distinct one.
    public init(der encodings: [[UInt8]]) {
        for der in DERKey.distinct(encodings) {
            if let certificate = try? Certificate(derEncoded: der) {
                add(certificate, der: der)
            } else {
                unparseable.append(der)
            }
        }
    }

    private mutating func add(_ certificate: Certificate, der: [UInt8]) {
        guard derOf[CertificateKey(certificate)] == nil else { return }
        derOf[CertificateKey(certificate)] = der
        byDER[DERKey(der)] = certificate
        certificates.append(certificate)
        bySubject[certificate.subject, default: []].append(certificate)
    }

    func contains(_ certificate: Certificate) -> Bool { derOf[CertificateKey(certificate)] != nil }

    func der(of certificate: Certificate) -> [UInt8]? { derOf[CertificateKey(certificate)] }

    /// The anchor with this encoding, parsed when the set was made.
    public func certificate(der: [UInt8]) -> Certificate? { byDER[DERKey(der)] }

    func hasSubject(_ subject: DistinguishedName) -> Bool { bySubject[subject] != nil }
}
