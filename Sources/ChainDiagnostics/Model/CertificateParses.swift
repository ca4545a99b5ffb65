public import X509

/// Certificates parsed once and found again by their encoding: one judgement's presented chain, shared by the
/// analyzer, the strict validator and each client family's validator. Each used to parse the chain itself, 15
/// parses of three certificates in a quick probe, about 230,000 instructions each (the RSA key's most of it).
public struct CertificateParses: Sendable {
    private var parsed: [DERKey: Certificate] = [:]

    /// None: every lookup parses.
    public init() {}

    /// Each distinct encoding of `encodings` parsed (the analyzer parses every distinct presented certificate in
    /// any case); those that do not parse are left to the lookup, which throws their error.
    public init(_ encodings: [[UInt8]]) {
        for der in DERKey.distinct(encodings) {
            if let certificate = try? Certificate(derEncoded: der) { parsed[DERKey(der)] = certificate }
        }
    }

    /// The certificate this encoding holds: parsed already, or parsed now.
    public func certificate(_ der: [UInt8]) throws -> Certificate {
        if let certificate = parsed[DERKey(der)] { return certificate }
        return try Certificate(derEncoded: der)
    }
}
