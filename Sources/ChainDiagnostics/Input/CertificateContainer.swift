import SwiftASN1

/// The two containers certificates also travel in, recognised so that the error names them and says how to
/// convert: a PKCS#7 bundle (.p7b/.p7c, what Windows and some CAs hand out) and a PKCS#12 bundle (.p12/.pfx, a key
/// and its chain, usually encrypted). Neither is read as a chain: the brokers' certfile and cafile settings
/// (mosquitto, RabbitMQ, EMQX) and the clients' --cafile load PEM only, so the fix is the conversion itself.
enum CertificateContainer {
    case pkcs7
    case pkcs12

    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]
    static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]

    /// Which container a DER file is, if it is one (swift-asn1 reads the structure; a certificate is neither).
    init?(der: [UInt8]) {
        guard let root = try? DER.parse(der), case .constructed(let nodes) = root.content else { return nil }
        let children = Array(nodes)
        guard children.count >= 2 else { return nil }
        // PKCS#7 ContentInfo: SEQUENCE { contentType signedData, [0] EXPLICIT SignedData }.
        if let type = try? ASN1ObjectIdentifier(derEncoded: children[0]), type == Self.signedData {
            self = .pkcs7
            return
        }
        // PKCS#12 PFX: SEQUENCE { version INTEGER 3, authSafe ContentInfo (data or signedData), macData OPTIONAL }.
        if let version = try? Int(derEncoded: children[0]), version == 3,
            case .constructed(let authSafe) = children[1].content, let first = authSafe.first(where: { _ in true }),
            let type = try? ASN1ObjectIdentifier(derEncoded: first), type == Self.data || type == Self.signedData
        {
            self = .pkcs12
            return
        }
        return nil
    }

    /// The one-line reason, with the conversion (`file` is the path the user gave; `der`: the file is binary).
    func reason(file: String, der: Bool) -> String {
        switch self {
        case .pkcs7:
            "this is a PKCS#7 bundle (.p7b), which brokers and MQTT clients do not load (they read PEM); convert it "
                + "with: openssl pkcs7 \(der ? "-inform DER " : "")-print_certs -in \(file) -out chain.pem"
        case .pkcs12:
            "this is a PKCS#12 bundle (.p12/.pfx), not a certificate file; extract the chain with: "
                + "openssl pkcs12 -in \(file) -nokeys -out chain.pem (and the key with -nocerts -noenc)"
        }
    }
}
