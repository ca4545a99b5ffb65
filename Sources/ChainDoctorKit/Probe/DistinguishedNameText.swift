import SwiftASN1
import X509

/// Renders a DER-encoded X.501 name (as a CertificateRequest lists acceptable CAs) as RFC 4514 text.
enum DistinguishedNameText {
    static func render(_ der: [UInt8]) -> String {
        guard let name = try? DistinguishedName(derEncoded: DER.parse(der)) else {
            return "(unparseable name, \(der.count) bytes)"
        }
        return name.description
    }
}
