import ChainDiagnostics
import FoundationSubstitutes
import SwiftASN1
import Synchronization
import TLSProbe
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A `--capath` as an OpenSSL client reads it (X509_LOOKUP_hash_dir(3)): never whole, but by name. To find the
/// issuer of a certificate, the client opens `<hash of the issuer's name>.0`, `.1`, … up to the first that is not
/// there, and takes the certificates with that subject. A directory of 20,000 CAs therefore costs a client a few
/// files per chain, and a CA stored under a name that is not its hash (a directory not rehashed since a file was
/// added or renamed) is not trusted at all. chaindoctor reads it the same way, so both verdicts agree on such a
/// directory and a large one costs milliseconds, not seconds.
struct HashedDirectory: Sendable {
    let path: String
    /// The names of the directory that the lookup can open ("9d66eef0.0"), as listed when it was loaded.
    let hashedNames: Set<String>
    /// Every certificate subject of the directory with the files that hold it, read on the first chain that fails
    /// (`misfiled`) and kept: reading 20,000 CAs takes a second or two, which only a failure should cost.
    private let subjects = SubjectIndex()

    final class SubjectIndex: Sendable {
        let files = Mutex<[DistinguishedName: [String]]?>(nil)
    }

    /// Lists `path`; throws when it is not a readable directory.
    init(path: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        self.path = path
        self.hashedNames = Set(names.lazy.filter(TrustStoreLoader.isHashedName))
    }

    /// The CAs an OpenSSL client finds for this chain: the certificates filed under the hash of each presented
    /// certificate's issuer and subject (a client also looks a presented CA up by its own name, to prefer the
    /// trusted copy), then under the issuer of each CA found, until no new name is asked for. `unreadable` gets the
    /// DER of what the analyzer cannot parse; `unfound`, the issuers neither presented nor found.
    func anchors(
        for presented: [ChainCertificate]
    ) -> (anchors: [ChainCertificate], unreadable: [[UInt8]], unfound: [DistinguishedName]) {
        var wanted: [DistinguishedName] = presented.flatMap { [$0.issuer, $0.subject] }
        var issuers = presented.map(\.issuer)
        var lookedUp: Set<UInt32> = []
        var seen: Set<DERKey> = []
        var anchors: [ChainCertificate] = []
        var unreadable: [[UInt8]] = []
        while let name = wanted.popLast() {
            guard let hash = Self.hash(of: name), lookedUp.insert(hash).inserted else { continue }
            for file in files(for: hash) {
                guard let bytes = try? TrustStoreLoader.readFile(file) else { continue }
                // A file that holds no certificate is what OpenSSL skips too.
                guard let certificates = try? CertificateBundle.parseTrustStore(bytes, source: file) else { continue }
                for certificate in certificates.certificates where seen.insert(DERKey(certificate.der)).inserted {
                    anchors.append(certificate)
                    if !certificate.isSelfIssued {
                        wanted.append(certificate.issuer)
                        issuers.append(certificate.issuer)
                    }
                }
                unreadable += certificates.unsupported.filter { seen.insert(DERKey($0)).inserted }
            }
        }
        let known = Set(presented.map(\.subject) + anchors.map(\.subject))
        var unfound: [DistinguishedName] = []
        for issuer in issuers where !known.contains(issuer) && !unfound.contains(issuer) { unfound.append(issuer) }
        return (anchors, unreadable, unfound)
    }

    /// Where the directory holds certificates of these subjects although the lookup did not find them: under a name
    /// that is not their hash, or after a gap in the numbers. Reads every file of the directory once per process.
    func misfiled(_ names: [DistinguishedName]) -> [(subject: DistinguishedName, file: String, hashName: String)] {
        let index = subjects.files.withLock { cached in
            if let cached { return cached }
            var built: [DistinguishedName: [String]] = [:]
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in entries.sorted() {
                guard let bytes = try? TrustStoreLoader.readFile(path.appendingPathComponent(name)),
                    let certificates = try? CertificateBundle.parse(bytes, source: name)
                else { continue }
                for certificate in certificates where built[certificate.subject]?.contains(name) != true {
                    built[certificate.subject, default: []].append(name)
                }
            }
            cached = built
            return built
        }
        return names.flatMap { name -> [(subject: DistinguishedName, file: String, hashName: String)] in
            guard let files = index[name], let hash = Self.hash(of: name) else { return [] }
            return files.map { (name, $0, Self.stem(hash) + ".0") }
        }
    }

    /// `<hash>.0`, `<hash>.1`, … while the directory held them: the lookup stops at the first number missing.
    private func files(for hash: UInt32) -> [String] {
        let stem = Self.stem(hash)
        var files: [String] = []
        for sequence in 0... {
            let name = "\(stem).\(sequence)"
            guard hashedNames.contains(name) else { break }
            files.append(path.appendingPathComponent(name))
        }
        return files
    }

    /// "1e0ec629": the hash as OpenSSL names the files, eight lowercase hex digits.
    static func stem(_ hash: UInt32) -> String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func hash(of name: DistinguishedName) -> UInt32? {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(name)) != nil else { return nil }
        return SubjectNameHash.of(derEncodedName: serializer.serializedBytes)
    }
}
