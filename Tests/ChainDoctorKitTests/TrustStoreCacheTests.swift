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
}
