import ChainDiagnostics
import Findings
import Foundation
import TLSProbe
import TestSupport
import Testing

/// Wrong answers the analyzer gave (issue 10), each on a chain made here with the openssl CLI (valid from its making
/// for a century), judged a day later by the analyzer and by OpenSSL's X509_verify_cert, which must agree.
@Suite(.timeLimit(.minutes(10))) struct AnalyzerRegressionTests {
    /// A small PKI in a temporary directory, made with `openssl` as a CA operator would make it.
    final class PKI {
        let scratch: TemporaryDirectory
        /// A day after the certificates were made: inside their validity, whatever the day of the run.
        let instant = Date().addingTimeInterval(86_400)

        init() throws {
            scratch = try TemporaryDirectory("regression-pki")
            try """
            [ca]
            basicConstraints=critical,CA:TRUE
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid:always
            [ca0]
            basicConstraints=critical,CA:TRUE,pathlen:0
            keyUsage=critical,keyCertSign,cRLSign
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid:always
            [leaf]
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            subjectAltName=DNS:broker.test
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid:always
            """.write(toFile: scratch.file("ext.cnf"), atomically: true, encoding: .utf8)
        }

        func key(_ name: String, curve: String = "prime256v1") throws {
            try Tools.mustRun(
                "openssl", ["ecparam", "-name", curve, "-genkey", "-noout", "-out", scratch.file("\(name).key")])
        }

        func root(_ name: String, cn: String, curve: String = "prime256v1") throws {
            try key(name, curve: curve)
            try Tools.mustRun(
                "openssl",
                [
                    "req", "-x509", "-new", "-key", scratch.file("\(name).key"), "-subj", "/CN=\(cn)", "-days", "36500",
                    "-set_serial", "1", "-out", scratch.file("\(name).crt"), "-addext",
                    "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ])
        }

        func issue(_ name: String, cn: String, by issuer: String, profile: String, curve: String = "prime256v1") throws
        {
            try key(name, curve: curve)
            try Tools.mustRun(
                "openssl",
                [
                    "req", "-new", "-key", scratch.file("\(name).key"), "-subj", "/CN=\(cn)", "-out",
                    scratch.file("\(name).csr"),
                ])
            try Tools.mustRun(
                "openssl",
                [
                    "x509", "-req", "-in", scratch.file("\(name).csr"), "-CA", scratch.file("\(issuer).crt"), "-CAkey",
                    scratch.file("\(issuer).key"), "-set_serial", String(name.hashValue & 0xFFFF + 2), "-days", "36500",
                    "-extfile", scratch.file("ext.cnf"), "-extensions", profile, "-out", scratch.file("\(name).crt"),
                ])
        }

        func der(_ names: [String]) throws -> [[UInt8]] {
            try names.flatMap { name in
                try CertificateBundle.read(
                    Array(Data(contentsOf: URL(fileURLWithPath: scratch.file("\(name).crt")))), source: name
                ).certificates.map(\.der)
            }
        }

        /// The analyzer and OpenSSL on `presented`, trusting the certificates of `anchors`.
        func judge(_ presented: [String], anchors: [String]) throws -> (ChainAnalysis, OpenSSLVerdict) {
            let chain = try der(presented)
            let anchorDER = try der(anchors)
            let store = try CertificateBundle.parseTrustStore(
                Array(anchorDER.map { Self.pem($0) }.joined().utf8), source: "anchors")
            let analysis = ChainAnalyzer().analyze(
                presentedChain: chain, trustAnchors: store.certificates, identity: .dnsName("broker.test"),
                at: instant, unreadableAnchors: store.unsupported)
            let openssl = try OpenSSLVerifier.verify(
                presentedChain: chain, trustStore: .certificates(file: "anchors", der: anchorDER),
                hostname: "broker.test", ipAddress: nil, atUnixTime: Int64(instant.timeIntervalSince1970))
            return (analysis, openssl)
        }

        static func pem(_ der: [UInt8]) -> String {
            "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters])
                + "\n-----END CERTIFICATE-----\n"
        }
    }

    /// RFC 5280 §6.1.4 (l): a self-issued intermediate (a CA's key rollover: same name, new key, signed by the old
    /// one) does not count against pathLenConstraint. The analyzer counted it and called the chain broken.
    @Test func selfIssuedIntermediateIsNotCountedAgainstPathLength() throws {
        let pki = try PKI()
        try pki.root("root", cn: "Regression Root")
        try pki.issue("old", cn: "Regression Intermediate", by: "root", profile: "ca0")
        try pki.issue("new", cn: "Regression Intermediate", by: "old", profile: "ca")
        try pki.issue("leaf", cn: "broker.test", by: "new", profile: "leaf")
        let (analysis, openssl) = try pki.judge(["leaf", "new", "old"], anchors: ["root"])
        #expect(openssl.code == 0, "\(openssl.text)")
        #expect(analysis.findings.map(\.id) == [.chainValid])
        #expect(analysis.verifiedChain?.count == 4)
    }

    /// A trust anchor whose key the analyzer cannot use (P-192) is named with its key, not reported as a missing
    /// issuer in an "empty" trust store; OpenSSL rejects the same key (67, CA key too weak).
    @Test func anchorWithAWeakKeyIsNamedNotMissing() throws {
        let pki = try PKI()
        try pki.root("root", cn: "Old P-192 Root", curve: "prime192v1")
        try pki.issue("intermediate", cn: "Modern Intermediate", by: "root", profile: "ca")
        try pki.issue("leaf", cn: "broker.test", by: "intermediate", profile: "leaf")
        let (analysis, openssl) = try pki.judge(["leaf", "intermediate"], anchors: ["root"])
        #expect(openssl.code == 67, "\(openssl.code) \(openssl.text)")
        #expect(analysis.findings.map(\.id) == [.weakKey])
        let finding = try #require(analysis.findings.first)
        #expect(finding.certificates.first?.presentedIndex == nil, "the trust anchor, not a presented certificate")
        #expect(
            finding.message.contains("'Old P-192 Root'") && finding.message.contains("EC P-192"), "\(finding.message)")
        #expect(!analysis.findings.contains { $0.message.contains("empty") || $0.evidence.contains("empty") })
    }

    /// An intermediate with a key the analyzer cannot use was sent: its own finding names it, and the leaf's
    /// issuer is not called missing ("the broker sent only its own certificate" was false).
    @Test func weakIntermediateIsNotCalledMissing() throws {
        let pki = try PKI()
        try pki.root("root", cn: "Regression Root")
        try pki.issue("intermediate", cn: "Weak Intermediate", by: "root", profile: "ca", curve: "prime192v1")
        try pki.issue("leaf", cn: "broker.test", by: "intermediate", profile: "leaf")
        let (analysis, openssl) = try pki.judge(["leaf", "intermediate"], anchors: ["root"])
        #expect(openssl.code == 67, "\(openssl.code) \(openssl.text)")
        #expect(analysis.findings.map(\.id) == [.weakKey])
        #expect(analysis.findings.first?.certificates.first?.presentedIndex == 1)
        #expect(!analysis.findings.contains { $0.id == .missingIntermediate })
    }

    /// An extra certificate the analyzer cannot read, on no path clients build, is a warning, not critical.
    @Test func unreadableExtraCertificateOffThePathIsAWarning() throws {
        let pki = try PKI()
        try pki.root("root", cn: "Regression Root")
        try pki.issue("intermediate", cn: "Regression Intermediate", by: "root", profile: "ca")
        try pki.issue("leaf", cn: "broker.test", by: "intermediate", profile: "leaf")
        try pki.root("stray", cn: "Stray P-192 Root", curve: "prime192v1")
        let (analysis, openssl) = try pki.judge(["leaf", "intermediate", "stray"], anchors: ["root"])
        #expect(openssl.code == 0, "\(openssl.text)")
        let weak = try #require(analysis.findings.first { $0.id == .weakKey })
        #expect(weak.severity == .warning)
        #expect(weak.evidence.contains("not on the path clients build"))
        let accepted = analysis.acceptedByStandardClient
        #expect(accepted)
    }
}
