import ChainDiagnostics
import Foundation
import SwiftASN1
import TestSupport
import Testing
import X509

/// `DistinguishedName.text` writes what swift-certificates' `description` writes (every name the reports, the
/// findings and the strict validator's messages show), only without `String(describing:)`.
@Suite(.timeLimit(.minutes(10))) struct DistinguishedNameTextTests {
    /// Every certificate under TestChains: subjects and issuers with one or several attributes, empty ones, UTF-8.
    @Test func theSameTextAsTheLibraryForEveryCommittedCertificate() throws {
        let files =
            FileManager.default.enumerator(atPath: TestPaths.testChains.path)?
            .compactMap { $0 as? String }
            .filter { $0.hasSuffix(".crt") || $0.hasSuffix(".pem") } ?? []
        var names = 0
        for file in files {
            let path = TestPaths.testChains.appendingPathComponent(file).path
            guard let bytes = FileManager.default.contents(atPath: path),
                let certificates = try? CertificateBundle.parse(Array(bytes), source: file)
            else { continue }
            for certificate in certificates {
                for name in [certificate.certificate.subject, certificate.certificate.issuer] {
                    #expect(name.text == String(describing: name), "\(file)")
                    names += 1
                }
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
