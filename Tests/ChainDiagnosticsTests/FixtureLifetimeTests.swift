import Foundation
import TestSupport
import Testing

/// Fixtures that do not rot: every certificate in TestChains meant to be valid stays valid for at least ten years
/// after the day the tests run (they are made valid until 2099). The short-lived ones are named below, each by
/// file and subject, so that a new short-lived fixture fails here rather than years later in some other test.
/// Dates are read with the `openssl x509` CLI, which reads every certificate (the 1024-bit weak-key leaf too).
@Suite(.timeLimit(.minutes(10))) struct FixtureLifetimeTests {
    struct ShortLived: Hashable {
        var file: String
        var subject: String
    }

    /// Certificates that are short-lived on purpose, and why.
    static let shortLived: [ShortLived: String] = [
        ShortLived(
            file: "ca/expired-intermediate.crt", subject: "CN=chaindoctor Expired Intermediate CA,O=chaindoctor test"):
            "expired on purpose (2021-01-01)",
        ShortLived(
            file: "expired-intermediate/broker.crt",
            subject: "CN=chaindoctor Expired Intermediate CA,O=chaindoctor test"):
            "expired on purpose (2021-01-01)",
        ShortLived(file: "expired-leaf/broker.crt", subject: "CN=broker.test,O=chaindoctor test"):
            "expired on purpose (2021-01-01)",
        ShortLived(file: "expiring-soon/broker.crt", subject: "CN=broker.test,O=chaindoctor test"):
            "time-relative: ends 2026-06-20, judged with --at 2026-06-01T00:00:00Z",
    ]

    struct Dated {
        var subject: String
        var notAfter: Date
    }

    @Test func everyCertificateMeantToBeValidOutlivesTheNextTenYears() throws {
        let horizon = try #require(Calendar(identifier: .gregorian).date(byAdding: .year, value: 10, to: Date()))
        let files = try Self.certificateFiles()
        #expect(files.count > 50, "\(files.count) certificate files found under TestChains")
        var cache: [String: Dated] = [:]
        var shortLivedSeen: Set<ShortLived> = []
        var checked = 0
        for file in files {
            let text = try String(
                contentsOf: TestPaths.testChains.appendingPathComponent(file), encoding: .utf8)
            for block in OpenSSLCLITests.pemBlocks(text) {
                let dated = try cache[block] ?? Self.read(block)
                cache[block] = dated
                checked += 1
                guard dated.notAfter < horizon else { continue }
                let key = ShortLived(file: file, subject: dated.subject)
                if Self.shortLived[key] != nil {
                    shortLivedSeen.insert(key)
                } else {
                    Issue.record(
                        "\(file): '\(dated.subject)' ends \(dated.notAfter), within ten years: make it valid until 2099 (TestChains/generate.sh) or, if it is short-lived on purpose, name it in FixtureLifetimeTests.shortLived"
                    )
                }
            }
        }
        #expect(checked > 100, "\(checked) certificates read")
        for (exception, reason) in Self.shortLived where !shortLivedSeen.contains(exception) {
            Issue.record(
                "\(exception.file): no short-lived '\(exception.subject)' any more (\(reason)): remove it here")
        }
    }

    /// Every file under TestChains that holds a PEM certificate, relative to TestChains, sorted.
    static func certificateFiles() throws -> [String] {
        let root = TestPaths.testChains
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
            throw TestSupportError("cannot list \(root.path)")
        }
        var files: [String] = []
        for case let path as String in enumerator {
            let url = root.appendingPathComponent(path)
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                let data = try? Data(contentsOf: url), data.count < 1 << 20,
                String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
            else { continue }
            files.append(path)
        }
        return files.sorted()
    }

    /// The subject (RFC 2253) and notAfter of one PEM certificate, as `openssl x509` reads them.
    static func read(_ pem: String) throws -> Dated {
        let (status, text) = try Tools.run(
            "openssl", ["x509", "-noout", "-subject", "-enddate", "-nameopt", "RFC2253", "-dateopt", "iso_8601"],
            input: Data(pem.utf8))
        var subject: String?
        var notAfter: Date?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("subject=") { subject = String(line.dropFirst("subject=".count)) }
            if line.hasPrefix("notAfter=") {
                notAfter = Self.iso8601().date(from: String(line.dropFirst("notAfter=".count)))
            }
        }
        guard status == 0, let subject, let notAfter else {
            throw TestSupportError("openssl x509 did not read a certificate: \(text)")
        }
        return Dated(subject: subject, notAfter: notAfter)
    }

    /// `-dateopt iso_8601`: "2099-12-31 23:59:59Z".
    static func iso8601() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter
    }
}
