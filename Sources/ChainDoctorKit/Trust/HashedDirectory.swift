import ChainDiagnostics
import FoundationSubstitutes
import Glibc
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
    /// Every certificate of the directory as DER with the file that holds it, each file once however many names
    /// link to it; read on the first chain that fails (`misfiled`) and kept: reading 20,000 CAs takes a second,
    /// which only a failure should cost.
    private let contents = Contents()

    final class Contents: Sendable {
        let files = Mutex<[(file: String, certificates: [[UInt8]])]?>(nil)
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
    /// that is not their hash, or after a gap in the numbers.
    func misfiled(_ names: [DistinguishedName]) -> [(subject: DistinguishedName, file: String, hashName: String)] {
        let files = contents.files.withLock { cached in
            if let cached { return cached }
            let read = readAll()
            cached = read
            return read
        }
        var found: [(subject: DistinguishedName, file: String, hashName: String)] = []
        for name in names {
            var serializer = DER.Serializer()
            guard (try? serializer.serialize(name)) != nil else { continue }
            let encoded = serializer.serializedBytes
            guard let hash = SubjectNameHash.of(derEncodedName: encoded) else { continue }
            for (file, certificates) in files {
                // A subject is in its certificate's DER as encoded: only certificates that hold those bytes are parsed.
                let holds = certificates.contains { der in
                    Self.bytes(der, contain: encoded) && (try? ChainCertificate(der: der))?.subject == name
                }
                if holds { found.append((name, file, Self.stem(hash) + ".0")) }
            }
        }
        return found
    }

    /// Each file of the directory once (by device and inode: a hashed directory names most files twice), as the
    /// DER of the certificates it holds; what is not a readable certificate file is skipped.
    private func readAll() -> [(file: String, certificates: [[UInt8]])] {
        var seen: Set<[UInt64]> = []
        var files: [(file: String, certificates: [[UInt8]])] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
            let file = path.appendingPathComponent(name)
            var status = stat()
            guard stat(file, &status) == 0, seen.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted,
                let bytes = try? TrustStoreLoader.readFile(file),
                let read = try? CertificateBundle.read(bytes, source: name)
            else { continue }
            files.append((name, read.certificates.map(\.der)))
        }
        return files
    }

    /// Whether `needle` occurs in `haystack`: memcmp at each position where the first byte matches. The standard
    /// library's generic `firstRange(of:)` says the same and took twice as long over a 20,000-CA directory.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let first = pin[0]
                for start in 0...(hay.count - pin.count) where hay[start] == first {
                    if memcmp(hay.baseAddress! + start, pin.baseAddress!, pin.count) == 0 { return true }
                }
                return false
            }
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
