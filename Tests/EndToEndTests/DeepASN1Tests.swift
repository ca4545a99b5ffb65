import Foundation
import TestSupport
import Testing

/// A leaf whose subjectAltName holds, beside DNS:broker.test, an otherName nested 60 levels deep: deeper than
/// swift-asn1 reads. The names are reported as unreadable, never taken for absent (which would let the CN stand in
/// and call the certificate CN-only), and OpenSSL's own verdict is shown beside it.
@Suite(.timeLimit(.minutes(10))) struct DeepASN1Tests {
    static func der(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        let count = body.count
        let length: [UInt8] =
            count < 128
            ? [UInt8(count)] : count < 256 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
        return [tag] + length + body
    }

    @Test func aDeeplyNestedSubjectAltNameIsUnreadableNotAbsent() throws {
        var nested: [UInt8] = [0x05, 0x00]
        for _ in 0..<60 { nested = Self.der(0x30, nested) }
        let otherName = Self.der(0xA0, [0x06, 0x03, 0x2A, 0x03, 0x04] + Self.der(0xA0, nested))
        let names = Self.der(0x30, otherName + Self.der(0x82, Array("broker.test".utf8)))
        let hex = names.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()

        let directory = try TemporaryDirectory("deep-san")
        let ext = directory.file("ext.cnf")
        try "[v3]\nbasicConstraints=CA:FALSE\n2.5.29.17=DER:\(hex)\n".write(
            toFile: ext, atomically: true, encoding: .utf8)
        try Tools.mustRun(
            "openssl",
            [
                "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.file("leaf.key"), "-subj",
                "/CN=broker.test", "-out", directory.file("leaf.csr"),
            ])
        try Tools.mustRun(
            "openssl",
            [
                "x509", "-req", "-in", directory.file("leaf.csr"), "-CA",
                TestPaths.scenarioFile("ca", "intermediate.crt"),
                "-CAkey", TestPaths.scenarioFile("ca", "intermediate.key"), "-days", "365", "-extfile", ext,
                "-extensions", "v3", "-out", directory.file("leaf.crt"),
            ])
        let chain = directory.file("chain.pem")
        try
            (String(contentsOfFile: directory.file("leaf.crt"), encoding: .utf8)
            + String(contentsOfFile: TestPaths.scenarioFile("ca", "intermediate.crt"), encoding: .utf8))
            .write(toFile: chain, atomically: true, encoding: .utf8)

        let result = try Harness.run([
            "check", chain, "--cafile", TestPaths.scenarioFile("ca", "root.crt"), "--hostname", "broker.test",
            "--clients", "openssl", "--json",
        ])
        #expect(result.findingIDs.contains("unparseable_certificate"), "\(result.findingIDs)")
        #expect(!result.findingIDs.contains("cn_only") && !result.findingIDs.contains("hostname_mismatch"))
        let openssl = try #require(result.json?["openssl"] as? [String: Any])
        // OpenSSL reads the nesting and finds DNS:broker.test: the finding says so instead of claiming a rejection.
        if openssl["verifyCode"] as? Int == 0 {
            let finding = (result.json?["findings"] as? [[String: Any]])?.first {
                $0["id"] as? String == "unparseable_certificate"
            }
            #expect(finding?["severity"] as? String == "error")
            #expect((finding?["evidence"] as? String)?.contains("OpenSSL accepts the chain all the same") == true)
        }
    }
}
