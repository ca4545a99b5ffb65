import ChainDiagnostics
import Findings
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
