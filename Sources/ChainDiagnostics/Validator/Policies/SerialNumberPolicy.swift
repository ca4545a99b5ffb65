import SwiftASN1
import X509

/// RFC 5280 §4.1.2.2: the serial number "MUST be a positive integer" of at most 20 octets. Below the trust anchor:
/// rustls/webpki and Chrome reject a serial longer than 20 octets, Go (since 1.23) refuses to parse a negative one,
/// and a zero serial is non-conforming. The anchor is configuration and left alone.
struct SerialNumberPolicy: StrictPathPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func violation(in path: [Certificate]) -> StrictViolation? {
        for position in PathNaming.belowAnchor(path) {
            let bytes = path[position].serialNumber.bytes
            let problem: String
            if bytes.count > 20 {
                problem = "is \(bytes.count) octets long, more than the 20 allowed"
            } else if let first = bytes.first, first & 0x80 != 0 {
                problem = "is negative"
            } else if bytes.allSatisfy({ $0 == 0 }) {
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
}
