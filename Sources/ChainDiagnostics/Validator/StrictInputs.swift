import X509

/// The validator's input, parsed once: the presented chain (duplicates removed, at most
/// `StrictValidator.maximumPresentedCertificates`) and the trust anchors, each either a swift-certificates
/// `Certificate` or an `UnusableCertificate`, with the way back from a certificate to its DER and presented index.
struct StrictInputs: Sendable {
    var leaf: Certificate?
    var intermediates: [Certificate] = []
    /// Parsed and indexed once per trust store, not once per validation.
    let anchorSet: AnchorSet
    var anchors: [Certificate] { anchorSet.certificates }
    var unusable: [UnusableCertificate] = []
    /// Presented certificates beyond the cap, not looked at.
    var ignoredPresented = 0
    private var derOf: [CertificateKey: [UInt8]] = [:]
    private var presentedIndexOf: [DERKey: Int] = [:]

    init(presented: [[UInt8]], anchors: AnchorSet, policy: ChainPolicy, cap: Int, parses: CertificateParses) {
        anchorSet = anchors
        var seen: Set<DERKey> = []
        for (index, der) in presented.enumerated() where seen.insert(DERKey(der)).inserted {
            guard presentedIndexOf.count < cap else {
                ignoredPresented += 1
                continue
            }
            presentedIndexOf[DERKey(der)] = index
            guard let certificate = try? parses.certificate(der) else {
                unusable.append(UnusableCertificate(der: der, presentedIndex: index, policy: policy))
                continue
            }
            derOf[CertificateKey(certificate)] = derOf[CertificateKey(certificate)] ?? der
            parsed[DERKey(der)] = certificate
            if index == 0 { leaf = certificate } else { intermediates.append(certificate) }
        }
        // Each certificate was parsed once above; the order sent, duplicates included, only looks them up.
        presentedInOrder = presented.compactMap { parsed[DERKey($0)] }
        unusable += anchors.unparseable.map { UnusableCertificate(der: $0, presentedIndex: nil, policy: policy) }
    }

    /// The usable presented certificates in the order sent, duplicates included.
    private(set) var presentedInOrder: [Certificate] = []
    private var parsed: [DERKey: Certificate] = [:]

    var all: [Certificate] { (leaf.map { [$0] } ?? []) + intermediates + anchors }

    func der(of certificate: Certificate) -> [UInt8]? {
        derOf[CertificateKey(certificate)] ?? anchorSet.der(of: certificate)
    }

    /// Its index in the presented chain, or nil when it came from the trust store only.
    func presentedIndex(of certificate: Certificate) -> Int? {
        derOf[CertificateKey(certificate)].flatMap { presentedIndexOf[DERKey($0)] }
    }

    func isAnchor(_ certificate: Certificate) -> Bool { anchorSet.contains(certificate) }
}
