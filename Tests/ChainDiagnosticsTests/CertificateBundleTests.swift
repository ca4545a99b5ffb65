import ChainDiagnostics
import Findings
import Foundation
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(10))) struct CertificateBundleTests {
    func parseError(_ bytes: [UInt8]) -> CertificateBundle.ParseError? {
        do {
            _ = try CertificateBundle.parse(bytes, source: "ca.crt")
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyFile() {
        #expect(parseError([])?.description == "ca.crt: the file is empty")
    }

    @Test func binaryGarbage() {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        let bytes = generator.bytes(4096)
        #expect(parseError([0xFF] + bytes) != nil)
        #expect(
            parseError([0x30, 0x82, 0x05, 0x00, 0x01]) != nil, "a truncated DER certificate is an error, not a trap")
    }

    @Test func truncatedPEM() {
        let text = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUd\n"
        let error = parseError(Array(text.utf8))
        #expect(error?.line == 1)
        #expect(error?.reason.contains("no END line") == true)
    }

    @Test func damagedBase64() {
        // The damaged line is named, not the block.
        let text = "junk\n-----BEGIN CERTIFICATE-----\nAAAA\n!!!!\n-----END CERTIFICATE-----\n"
        let error = parseError(Array(text.utf8))
        #expect(error?.line == 4)
        #expect(error?.reason.contains("not base64") == true)
        // A length problem has no one line to blame: the block is named.
        let short = "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n"
        #expect(parseError(Array(short.utf8))?.line == 1)
    }

    @Test func pemWithoutCertificates() {
        let text = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        #expect(parseError(Array(text.utf8))?.reason.contains("no certificate found") == true)
    }
}

/// Odd but legal PEM input reads as OpenSSL reads it (issue 13): a UTF-8 byte-order mark before the first block,
/// and text before the first block that begins with the character "0" (the DER SEQUENCE byte).
@Suite(.timeLimit(.minutes(10))) struct OddPEMInputTests {
    static func healthy() throws -> [UInt8] {
        let path = TestPaths.scenarioFile("healthy", "broker.crt")
        return Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
    }

    static func ders(_ bytes: [UInt8]) throws -> [[UInt8]] {
        try CertificateBundle.read(bytes, source: "broker.crt").certificates.map(\.der)
    }

    @Test func byteOrderMarkKeepsTheLeaf() throws {
        let plain = try Self.healthy()
        let withMark = try Self.ders([0xEF, 0xBB, 0xBF] + plain)
        #expect(withMark.count == 2, "leaf and intermediate")
        #expect(withMark == (try Self.ders(plain)))
    }

    /// Only one mark is taken away: a million of them are a first line that is not a BEGIN line, read in one
    /// pass, not a recursion that runs out of stack.
    @Test func manyByteOrderMarksAreOneLine() throws {
        let plain = try Self.healthy()
        let marks = Array(repeating: [UInt8]([0xEF, 0xBB, 0xBF]), count: 1_000_000).flatMap { $0 }
        #expect(try Self.ders(marks + plain) == (try Self.ders(plain)).dropFirst().map { $0 })
    }

    @Test func textStartingWithZeroIsStillPEM() throws {
        let plain = try Self.healthy()
        #expect(try Self.ders(Array("0 = leaf, 1 = intermediate\n".utf8) + plain) == (try Self.ders(plain)))
        #expect(try Self.ders(Array("0\n  ".utf8) + plain) == (try Self.ders(plain)))
    }

    @Test func derStillReadsAsDER() throws {
        let der = try #require(try Self.ders(try Self.healthy()).first)
        #expect(try Self.ders(der) == [der])
    }
}
