import ChainDiagnostics
import SwiftASN1
import TestSupport
import Testing
import X509

/// `DistinguishedName.text` writes what swift-certificates' `description` writes (every name the reports, the
/// findings and the strict validator's messages show), only without `String(describing:)`.
@Suite(.timeLimit(.minutes(10))) struct DistinguishedNameTextTests {
    /// Every certificate under TestChains: subjects and issuers with one or several attributes, empty ones, UTF-8.
    @Test func theSameTextAsTheLibraryForEveryCommittedCertificate() throws {
        var names = 0
        for (file, certificate) in TestChainsFiles.everyCertificate() {
            for name in [certificate.certificate.subject, certificate.certificate.issuer] {
                #expect(name.text == String(describing: name), "\(file)")
                names += 1
            }
        }
        #expect(names > 100, "TestChains holds the certificates this test is about")
    }

    /// Names no committed certificate has: several attributes in one RDN, an attribute type swift-certificates has
    /// no short name for, a value that is not a string, and no attribute at all.
    @Test func theSameTextAsTheLibraryForUnusualNames() throws {
        let multiValued = DistinguishedName([
            RelativeDistinguishedName([
                RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, utf8String: "broker"),
                RelativeDistinguishedName.Attribute(type: .RDNAttributeType.organizationalUnitName, utf8String: "ops"),
            ]),
            RelativeDistinguishedName(
                RelativeDistinguishedName.Attribute(type: .RDNAttributeType.countryName, utf8String: "DE")),
        ])
        let unnamedType = DistinguishedName([
            RelativeDistinguishedName(RelativeDistinguishedName.Attribute(type: [1, 2, 3, 4], utf8String: "x=y,z"))
        ])
        let nonString = DistinguishedName([
            RelativeDistinguishedName(
                RelativeDistinguishedName.Attribute(
                    type: .RDNAttributeType.commonName, value: try ASN1Any(erasing: 42)))
        ])
        for name in [multiValued, unnamedType, nonString, DistinguishedName()] {
            #expect(name.text == String(describing: name))
        }
        #expect(multiValued.text.contains("+"), "the multi-valued RDN is written with its attributes joined by +")
    }
}
