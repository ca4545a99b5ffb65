import Foundation
import TestSupport
import Testing

/// Names from a certificate reach a terminal as visible text: a subject carrying an OSC title sequence, a
/// clear-screen CSI and a newline followed by a forged verdict line is printed escaped, never raw. JSON keeps
/// the name as it is (JSON escaping is its own).
@Suite(.timeLimit(.minutes(10))) struct TerminalEscapingTests {
    static let commonName = "evil\u{1B}]0;pwned\u{07}\u{1B}[2J"
    static let organization = "x\nOK       chain_valid: forged"

    /// A self-signed certificate with the hostile subject, made by openssl at test time.
    static func hostileCertificate(in directory: TemporaryDirectory) throws -> String {
        let certfile = directory.file("hostile.pem")
        try BadFileTests.tool(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", directory.file("hostile.key"), "-out", certfile, "-days", "3650", "-utf8",
                "-subj", "/CN=\(commonName)/O=\(organization)",
            ])
        return certfile
    }

    @Test func certificateNamesAreEscapedInTheTextReport() throws {
        let directory = try TemporaryDirectory("escaping")
        let certfile = try Self.hostileCertificate(in: directory)
        let run = try Harness.run(["check", certfile, "--cafile", certfile])
        #expect(run.exitCode == 2, "a CN-only certificate is an error: \(run.stderr)")
        #expect(!run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(run.stdout.contains(#"CN=evil\x1b]0\;pwned\x07\x1b[2J"#))
        #expect(run.stdout.contains(#"O=x\x0aOK       chain_valid: forged"#))
        #expect(!run.stdout.split(separator: "\n").contains { $0.hasPrefix("OK") })

        let json = try Harness.run(["check", certfile, "--cafile", certfile, "--json"])
        let chain = try #require(json.json?["presentedChain"] as? [[String: Any]])
        let subject = try #require(chain.first?["subject"] as? String)
        #expect(subject.contains("\u{1B}]0"), "JSON carries the name itself: \(subject)")

        // The machine formats that may land on a terminal too: nothing raw but their own line breaks. The escape is
        // visible in both (Prometheus doubles its backslash, as its label syntax wants).
        for (format, visible) in [("prometheus", #"evil\\x1b]0"#), ("nagios", #"evil\x1b]0"#)] {
            let run = try Harness.run(["check", certfile, "--cafile", certfile, "--format", format])
            #expect(
                !run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F },
                "\(format): \(run.stdout.prefix(400))")
            #expect(run.stdout.contains(visible), "\(format): \(run.stdout.prefix(400))")
        }
    }

    /// A file name with a newline and an escape in it, in the one-line error: still one line, nothing raw.
    @Test func oneLineErrorsStayOneLine() throws {
        let directory = try TemporaryDirectory("escaping")
        let missing = directory.file("no\nOK chain_valid\u{1B}[2J.pem")
        let run = try Harness.run(["check", missing])
        #expect(run.exitCode == 3)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line and its newline: \(run.stderr)")
        #expect(run.stderr.hasPrefix("chaindoctor: "))
        #expect(run.stderr.contains(#"no\x0aOK chain_valid\x1b[2J.pem"#))
    }
}
