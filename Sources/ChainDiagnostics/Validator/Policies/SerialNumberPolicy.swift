import SwiftASN1
import X509

/// RFC 5280 §4.1.2.2: the serial number "MUST be a positive integer" of at most 20 octets. Below the trust anchor:
/// rustls/webpki and Chrome reject a serial longer than 20 octets, Go (since 1.23) refuses to parse a negative one,
/// and a zero serial is non-conforming. The anchor is configuration and left alone.
///
/// Read from the DER: swift-certificates keeps the serial as an unsigned magnitude, so a negative serial would look
/// positive there. The length counted is the magnitude's (a leading 0x00 sign octet is not part of the number), so
/// the 20 random octets that swift-certificates and many CAs use pass, as they do with Go, rustls and Chrome.
struct SerialNumberPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path) {
            guard let encoded = Self.encodedSerial(of: path[position]) else { continue }
            let magnitude = encoded.first == 0 ? encoded.dropFirst() : encoded
            let problem: String
            if let first = encoded.first, first & 0x80 != 0 {
                problem = "is negative"
            } else if magnitude.count > 20 {
                problem = "is \(magnitude.count) octets long, more than the 20 allowed"
            } else if magnitude.allSatisfy({ $0 == 0 }) {
                problem = "is zero"
            } else {
                continue
            }
            return StrictViolation(
                rule: .serialNumber, position: position,
                detail: "The serial number of \(PathNaming.name(position, in: path)) \(problem) (RFC 5280 §4.1.2.2: a "
                    + "positive integer of at most 20 octets); rustls and Go refuse it: re-issue it with a random "
                    + "positive serial (openssl x509 -set_serial or a CA that makes 16 random bytes).")
        }
        return nil
    }

    /// The content octets of the TBSCertificate's serialNumber INTEGER (RFC 5280 §4.1): two's complement.
    static func encodedSerial(of certificate: Certificate) -> ArraySlice<UInt8>? {
        guard let tbs = try? DER.parse(certificate.tbsCertificateBytes), case .constructed(let fields) = tbs.content
        else { return nil }
        // The optional [0] EXPLICIT version comes first; the serial is the first universal field.
        guard let serial = fields.first(where: { $0.identifier.tagClass == .universal }),
            case .primitive(let octets) = serial.content
        else { return nil }
        return octets
    }
}
