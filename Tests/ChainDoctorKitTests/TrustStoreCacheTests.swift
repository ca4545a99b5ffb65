import ChainDiagnostics
import Foundation
import Glibc
import TestSupport
import Testing

@testable import ChainDoctorKit

/// The exporter's trust stores: read once, read again when a file of the store changes.
@Suite struct TrustStoreCacheTests {
    static func copy(_ scenario: String, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: TestPaths.scenarioFile(scenario, "client-ca.crt"), toPath: path)
    }

    @Test func anUnchangedFileIsNotReadAgainAndAChangedOneIs() throws {
        let scratch = try TemporaryDirectory("trust-cache")
        let cafile = scratch.file("ca.crt")
        try Self.copy("healthy", to: cafile)
        let cache = TrustStoreCache()
        let first = try cache.load(caFile: cafile, caPath: nil)
        #expect(first.anchors.map(\.subject.description) == ["CN=chaindoctor Test Root CA,O=chaindoctor test"])

        // Same inode, size and modification time, other bytes: only a cache that does not read the file again
        // still gives the first store.
        var status = stat()
        try #require(stat(cafile, &status) == 0)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: cafile)))
        bytes[bytes.count / 2] ^= 0x01
        let fd = open(cafile, O_WRONLY)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        var times = [status.st_atim, status.st_mtim]
        try #require(utimensat(AT_FDCWD, cafile, &times, 0) == 0)
        #expect(try cache.load(caFile: cafile, caPath: nil).anchors.map(\.der) == first.anchors.map(\.der))

        // Another CA file in its place (a new inode and time): read again.
        try Self.copy("untrusted-root", to: cafile)
        let second = try cache.load(caFile: cafile, caPath: nil)
        #expect(second.anchors.map(\.der) != first.anchors.map(\.der))
    }

    /// A --capath is kept as its listing: a CA added under its hash name is seen at the next load, and a hashed file
    /// rewritten in place is read again at the next judgement, which reads the files it looks up.
    @Test func aHashedDirectoryIsListedAgainWhenItChangesAndReadAtEachJudgement() throws {
        let scratch = try TemporaryDirectory("trust-cache-capath")
        let directory = scratch.path
        let cache = TrustStoreCache()
        let chain = try TrustStoreLoader.parse(file: TestPaths.scenarioFile("healthy", "broker.crt")).map(\.der)
        try Self.copy("untrusted-root", to: scratch.file("other.pem"))
        try Tools.mustRun("openssl", ["rehash", directory])
        let first = try cache.load(caFile: nil, caPath: directory)
        #expect(first.summary.anchorCount == 1)
        #expect(first.forChain(chain).anchors.isEmpty, "the other root is not filed under the chain's issuer")

        try Self.copy("healthy", to: scratch.file("root.pem"))
        try Tools.mustRun("openssl", ["rehash", directory])
        let second = try cache.load(caFile: nil, caPath: directory)
        #expect(second.summary.anchorCount == 2, "the new hash name is listed")
        let found = second.forChain(chain).anchors.map(\.subject.description)
        #expect(found == ["CN=chaindoctor Test Root CA,O=chaindoctor test"])

        // The root's hashed file replaced in place by another certificate: no new listing, but the next judgement
        // reads what is there now.
        let hashed = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory).first { name in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + name)) == "root.pem"
            })
        try Self.copy("untrusted-root", to: scratch.file("root.pem"))
        let third = try cache.load(caFile: nil, caPath: directory)
        let now = third.forChain(chain).anchors.map(\.subject.description)
        #expect(now == ["CN=chaindoctor Other Root CA,O=chaindoctor test"], "\(hashed) now holds another CA")
    }
}
