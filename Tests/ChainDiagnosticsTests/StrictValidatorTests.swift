import ChainDiagnostics
import Crypto
import Foundation
import SwiftASN1
import TestSupport
import Testing
import X509

/// The strict validator on certificates minted in the test: one rule at a time.
@Suite(.timeLimit(.minutes(10))) struct StrictValidatorTests {
    let instant = Date(timeIntervalSince1970: 1_800_000_000)
    let broker = ServerIdentity.dnsName("broker.test")

    func validate(_ presented: [MintedCertificate], anchors: [MintedCertificate], at: Date? = nil) -> StrictVerdict {
        StrictValidator().validate(
            presentedChain: presented.map(\.der), trustAnchors: anchors.map(\.der), identity: broker,
            at: at ?? instant)
    }

    @Test func aConformingChainIsAcceptedLeafFirstAnchorLast() throws {
        let root = try MintedCertificate.root("Root")
        let intermediate = try MintedCertificate.intermediate("Intermediate", issuer: root)
        let leaf = try MintedCertificate.leaf("broker.test", issuer: intermediate)
        let verdict = validate([leaf, intermediate], anchors: [root])
        #expect(verdict.accepted, "\(verdict.rejections.map(\.detail))")
        #expect(verdict.path == [leaf.der, intermediate.der, root.der])
        #expect(verdict.rejections.isEmpty)
    }

    /// The presented certificates parsed once for every validation (`CertificateParses`) change no verdict: a
    /// conforming chain, and one with junk and a duplicate in it, whose junk the lookup still refuses.
    @Test func certificatesParsedInAdvanceGiveTheSameVerdict() throws {
        let root = try MintedCertificate.root("Root")
        let intermediate = try MintedCertificate.intermediate("Intermediate", issuer: root)
        let leaf = try MintedCertificate.leaf("broker.test", issuer: intermediate)
        let junk: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x00]
        for presented in [[leaf.der, intermediate.der], [leaf.der, junk, intermediate.der, intermediate.der]] {
            let parses = CertificateParses(presented)
            let anchors = AnchorSet(der: [root.der])
            let once = StrictValidator().validate(
                presentedChain: presented, trustAnchors: anchors, identity: broker, at: instant, parses: parses)
            let alone = StrictValidator().validate(
                presentedChain: presented, trustAnchors: anchors, identity: broker, at: instant)
            #expect(once == alone)
            #expect(try parses.certificate(leaf.der) == leaf.certificate)
            #expect(throws: (any Error).self) { try parses.certificate(junk) }
        }
    }

    /// RFC 5280 §6.1.4 (l): a self-issued certificate (a key rollover keeps the CA's name) is not counted against
    /// pathLenConstraint. Here the pathLen-0 CA has a self-issued CA below it, and then the leaf.
    @Test func aSelfIssuedIntermediateIsNotCountedAgainstPathLength() throws {
        let root = try MintedCertificate.root("Root")
        let old = try MintedCertificate.intermediate("Issuing CA", issuer: root, pathLength: 0)
        let rollover = try MintedCertificate.intermediate("Issuing CA", issuer: old, pathLength: 0)
        let leaf = try MintedCertificate.leaf("broker.test", issuer: rollover)
        let verdict = validate([leaf, rollover, old], anchors: [root])
        #expect(verdict.accepted, "\(verdict.rejections.map(\.detail))")
        #expect(verdict.path?.count == 4)

        // The same layout with a different name below the pathLen-0 CA is one intermediate too many.
        let sub = try MintedCertificate.intermediate("Sub CA", issuer: old, pathLength: 0)
        let subLeaf = try MintedCertificate.leaf("broker.test", issuer: sub)
        let rejected = validate([subLeaf, sub, old], anchors: [root])
        #expect(!rejected.accepted)
        #expect(rejected.rules == [.pathLengthExceeded])
        #expect(rejected.rejections.first?.presentedIndex == 2)
    }

    /// RFC 5280 §4.1.2.5: the validity period includes notAfter.
    @Test func notAfterItselfIsStillValid() throws {
        let root = try MintedCertificate.root("Root")
        let leaf = try MintedCertificate.leaf("broker.test", issuer: root, notAfter: instant)
        #expect(validate([leaf], anchors: [root], at: instant).accepted)
        let second = validate([leaf], anchors: [root], at: instant.addingTimeInterval(1))
        #expect(!second.accepted)
        #expect(second.rules == [.expired])
        #expect(second.rejections.first?.presentedIndex == 0)
    }

    @Test func anUnknownCriticalExtensionIsNamed() throws {
        let unknown = Certificate.Extension(oid: [1, 3, 6, 1, 4, 1, 55555, 1], critical: true, value: [0x05, 0x00])
        let root = try MintedCertificate.root("Root")
        let leaf = try MintedCertificate.leaf("broker.test", issuer: root, extra: [unknown])
        let verdict = validate([leaf], anchors: [root])
        #expect(!verdict.accepted)
        #expect(verdict.rules == [.unknownCriticalExtension])
        #expect(verdict.rejections.first?.detail.contains("1.3.6.1.4.1.55555.1") == true)

        // On an intermediate: swift-certificates alone would skip that issuer silently; the reason names it.
        let intermediate = try MintedCertificate.intermediate("Intermediate", issuer: root, extra: [unknown])
        let below = try MintedCertificate.leaf("broker.test", issuer: intermediate)
        let onIntermediate = validate([below, intermediate], anchors: [root])
        #expect(onIntermediate.rules == [.unknownCriticalExtension])
        #expect(onIntermediate.rejections.first?.presentedIndex == 1)
    }

    /// RFC 5280 §4.2.1.12: absent EKU allows any use (as Go and OpenSSL read it); present, it must include
    /// serverAuth or anyExtendedKeyUsage.
    @Test func extendedKeyUsageForServerAuthentication() throws {
        let root = try MintedCertificate.root("Root")
        let clientOnly = try MintedCertificate.leaf("broker.test", issuer: root, usages: [.clientAuth])
        let verdict = validate([clientOnly], anchors: [root])
        #expect(!verdict.accepted)
        #expect(verdict.rules == [.extendedKeyUsage])
        #expect(verdict.rejections.first?.presentedIndex == 0)
        #expect(verdict.rejections.first?.detail.contains("serverAuth") == true)

        let noEKU = try MintedCertificate.leaf("broker.test", issuer: root, usages: nil)
        #expect(validate([noEKU], anchors: [root]).accepted)
        let anyEKU = try MintedCertificate.leaf("broker.test", issuer: root, usages: [.clientAuth, .any])
        #expect(validate([anyEKU], anchors: [root]).accepted)
    }

    /// 100 presented certificates: junk bytes, duplicates, and 9 layers of 11 certificates that all verify each
    /// other under names that lead nowhere (11^9 paths). The path search stops at its budget; the call returns.
    @Test func aHundredCertificatesOfJunkAndDuplicatesAreBounded() throws {
        let root = try MintedCertificate.root("Root")
        let layerKeys = (0...10).map { _ in P256.Signing.PrivateKey() }
        // The top layer names the root as its issuer but is signed by another key: a dead end.
        let nowhere = MintedCertificate(certificate: root.certificate, key: layerKeys[10])
        var presented: [[UInt8]] = []
        var issuers: [MintedCertificate] = []
        for layer in stride(from: 9, through: 1, by: -1) {
            // Layer k: 11 certificates named "Layer k" with one key, issued by layer k+1's key.
            let issuer = issuers.last ?? nowhere
            let certificates = try (0..<11).map { _ in
                try MintedCertificate.intermediate("Layer \(layer)", issuer: issuer, key: layerKeys[layer])
            }
            issuers.append(certificates[0])
            presented += certificates.map(\.der)
        }
        let leaf = try MintedCertificate.leaf("broker.test", issuer: try #require(issuers.last))
        presented.insert(leaf.der, at: 0)
        presented[50] = [0x30, 0x03, 0x02, 0x01, 0x00]  // junk
        presented.append(presented[1])  // a duplicate
        #expect(presented.count == 101)
        let started = Date()
        let verdict = StrictValidator().validate(
            presentedChain: presented, trustAnchors: [root.der], identity: broker, at: instant)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(!verdict.accepted)
        #expect(verdict.rules.contains(.pathBuildingBudgetExceeded))
    }

    /// A trust anchor swift-certificates cannot read (P-192, RSA-1024, DSA) is judged by what it is: named with its
    /// key when the path needs it, never mistaken for a missing issuer or an empty store.
    @Test(arguments: [
        (["ecparam", "-name", "prime192v1", "-genkey", "-noout", "-out", "ca.key"], StrictRule.weakKey, "P-192"),
        (["genrsa", "-out", "ca.key", "1024"], StrictRule.weakKey, "RSA 1024-bit"),
        (
            ["genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", "dsa.param"],
            StrictRule.unsupportedKey, "DSA"
        ),
    ])
    func anAnchorWithAKeySwiftCertificatesRefusesIsNamed(keyCommand: [String], rule: StrictRule, named: String) throws {
        guard let openssl = Self.which("openssl") else { return }
        let directory = try TemporaryDirectory("strict-anchor")
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
        }
        try run(keyCommand)
        if keyCommand.contains("dsa.param") { try run(["genpkey", "-paramfile", "dsa.param", "-out", "ca.key"]) }
        try run([
            "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Legacy Root", "-days", "3650", "-sha256",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
            "-out", "ca.crt",
        ])
        try run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "leaf.key"])
        try run(["req", "-new", "-key", "leaf.key", "-subj", "/CN=broker.test", "-out", "leaf.csr"])
        try """
        basicConstraints=critical,CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=serverAuth
        subjectAltName=DNS:broker.test
        subjectKeyIdentifier=hash
        authorityKeyIdentifier=keyid
        """.write(toFile: directory.file("leaf.ext"), atomically: true, encoding: .utf8)
        try run([
            "x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
            "-sha256", "-extfile", "leaf.ext", "-outform", "DER", "-out", "leaf.der",
        ])
        try run(["x509", "-in", "ca.crt", "-outform", "DER", "-out", "ca.der"])
        let leaf = try Array(Data(contentsOf: URL(fileURLWithPath: directory.file("leaf.der"))))
        let anchor = try Array(Data(contentsOf: URL(fileURLWithPath: directory.file("ca.der"))))
        let unrelated = try MintedCertificate.root("Unrelated Root")
        let verdict = StrictValidator().validate(
            presentedChain: [leaf], trustAnchors: [unrelated.der, anchor], identity: broker, at: Date())
        #expect(!verdict.accepted)
        // A DSA CA signs with DSA, which swift-certificates does not read either: the leaf is named for its
        // signature first, then the anchor for its key.
        let isDSA = rule == .unsupportedKey
        #expect(verdict.rules == (isDSA ? [.unsupportedSignatureAlgorithm, rule] : [rule]))
        let rejection = try #require(verdict.rejections.last)
        #expect(rejection.presentedIndex == nil)
        #expect(rejection.subject == "CN=Legacy Root")
        #expect(rejection.detail.contains(named), "\(rejection.detail)")
        #expect(rejection.detail.contains("trust anchor"))

        // Not on any path (the leaf is another CA's): not mentioned.
        let root = try MintedCertificate.root("Root")
        let other = try MintedCertificate.leaf("broker.test", issuer: root)
        let unneeded = StrictValidator().validate(
            presentedChain: [other.der], trustAnchors: [anchor, root.der], identity: broker, at: instant)
        #expect(unneeded.accepted)
    }

    /// A constrained CA cannot escape its DNS constraints through the leaf's commonName when the leaf has no DNS
    /// subjectAltName (OpenSSL's rule; swift-certificates checks SANs only).
    @Test func aHostNameCommonNameIsHeldToDNSNameConstraints() throws {
        let root = try MintedCertificate.root("Root")
        let constraints = try Certificate.Extension(
            NameConstraints(permittedDNSDomains: ["example.com"]), critical: true)
        let intermediate = try MintedCertificate.intermediate("Constrained", issuer: root, extra: [constraints])
        func leaf(_ commonName: String) throws -> MintedCertificate {
            let key = P256.Signing.PrivateKey()
            return try MintedCertificate.mint(
                subject: commonName, key: key, issuer: intermediate, notAfter: MintedCertificate.notAfter,
                extensions: Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    SubjectKeyIdentifier(keyIdentifier: MintedCertificate.keyIdentifier(key.publicKey))
                    AuthorityKeyIdentifier(keyIdentifier: MintedCertificate.keyIdentifier(intermediate.key.publicKey))
                    SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: [192, 0, 2, 1]))])
                })
        }
        let address = ServerIdentity.ipAddress([192, 0, 2, 1])
        let outside = try leaf("evil.test")
        let verdict = StrictValidator().validate(
            presentedChain: [outside.der, intermediate.der], trustAnchors: [root.der], identity: address, at: instant)
        #expect(verdict.rules == [.nameConstraints])
        #expect(verdict.rejections.first?.detail.contains("evil.test") == true)
        let inside = try leaf("broker.example.com")
        #expect(
            StrictValidator().validate(
                presentedChain: [inside.der, intermediate.der], trustAnchors: [root.der], identity: address,
                at: instant
            ).accepted)
    }

    /// RFC 5280 §4.2.1.1: a certificate below the anchor without authorityKeyIdentifier.
    @Test func aMissingAuthorityKeyIdentifierIsNamed() throws {
        let root = try MintedCertificate.root("Root")
        let key = P256.Signing.PrivateKey()
        let leaf = try MintedCertificate.mint(
            subject: "broker.test", key: key, issuer: root, notAfter: MintedCertificate.notAfter,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames([.dnsName("broker.test")])
            })
        let verdict = validate([leaf], anchors: [root])
        #expect(verdict.rules == [.keyIdentifiers])
        #expect(verdict.rejections.first?.detail.contains("authorityKeyIdentifier") == true)
    }

    /// Measured misses, kept as known issues: swift-certificates' NameConstraintsPolicy refuses every certificate
    /// below a CA with directoryName or rfc822Name (e-mail) constraints ("not supported", "unsupported
    /// constraint"), though RFC 5280 §4.2.1.10 defines both and the leaf's names are inside them. Go, OpenSSL and
    /// rustls accept these chains.
    @Test func nameConstraintsSwiftCertificatesDoesNotSupport() throws {
        let root = try MintedCertificate.root("Root")
        for constraints in [
            NameConstraints(permittedDNSDomains: ["broker.test"], permittedEmailAddresses: ["example.com"]),
            NameConstraints(permittedSubtrees: [.directoryName(try DistinguishedName { CommonName("broker.test") })]),
        ] {
            let ext = try Certificate.Extension(constraints, critical: true)
            let intermediate = try MintedCertificate.intermediate("Constrained", issuer: root, extra: [ext])
            let leaf = try MintedCertificate.leaf("broker.test", issuer: intermediate)
            let verdict = validate([leaf, intermediate], anchors: [root])
            withKnownIssue("swift-certificates 1.21 rejects directoryName and rfc822Name name constraints") {
                #expect(verdict.accepted, "\(verdict.rejections.map(\.detail))")
            }
        }
    }

    /// A certificate swift-certificates refuses for its encoding, with a P-256 key, is not called a weak key.
    @Test func aRefusedCertificateWithAGoodKeyIsNotCalledWeak() throws {
        let root = try MintedCertificate.root("Root")
        var der = try MintedCertificate.leaf("broker.test", issuer: root).der
        // Break the version field's value (v3 = 2 → 7): the rest, subject and P-256 key included, still reads.
        let version: [UInt8] = [0xA0, 0x03, 0x02, 0x01, 0x02]
        let at = try #require(der.indices.first { der[$0...].starts(with: version) })
        der[at + 4] = 0x07
        let verdict = StrictValidator().validate(
            presentedChain: [der], trustAnchors: [root.der], identity: broker, at: instant)
        #expect(!verdict.accepted)
        #expect(verdict.rules == [.malformedCertificate])
        #expect(verdict.rejections.first?.detail.contains("weaker") == false)
    }

    /// The bridge from the async Verifier must not deadlock when the caller is itself on the cooperative pool:
    /// more concurrent callers than cores.
    @Test func validatingFromManyConcurrentTasksDoesNotDeadlock() async throws {
        let root = try MintedCertificate.root("Root")
        let leaf = try MintedCertificate.leaf("broker.test", issuer: root)
        let (leafDER, rootDER, instant, broker) = (leaf.der, root.der, instant, broker)
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    StrictValidator().validate(
                        presentedChain: [leafDER], trustAnchors: [rootDER], identity: broker, at: instant
                    ).accepted
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 16)
    }

    @Test func noCertificateAtAll() {
        let verdict = StrictValidator().validate(presentedChain: [], trustAnchors: [], identity: broker, at: instant)
        #expect(verdict.rules == [.noCertificate])
    }

    static func which(_ tool: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + tool }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
