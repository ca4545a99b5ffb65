import ChainDiagnostics
import Findings
import Foundation
import ProbeDiagnostics
import Report
import TLSProbe
import Testing

@Suite(.timeLimit(.minutes(10))) struct TextRendererTests {
    static let hostile = "name\u{1B}]0;pwned\u{07}\r\nOK       chain_valid: forged\u{9B}2J\u{202E}txt"

    func report(subjectText: String) -> ProbeReport {
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        let finding = Finding(
            id: .wrongOrder, severity: .error, message: subjectText, evidence: subjectText, fix: "reorder")
        return ProbeReport(
            toolVersion: "0.1.0", startedAt: at, finishedAt: at,
            target: .init(host: "broker.test", port: 8883, address: "127.0.0.1:8883", serverName: "broker.test"),
            phases: [.init(name: "tls", status: .failed, error: subjectText, durationMs: 1)], tls: nil,
            trustStore: nil,
            chain: ChainAnalysis(presentedChain: [], verifiedChain: nil, builtPath: [], findings: [finding]),
            openssl: OpenSSLVerdict(code: 20, text: subjectText, depth: 0, problems: []), mqtt: nil,
            findings: [finding], probeError: nil)
    }

    @Test func escapesEveryControlCharacter() {
        #expect(TerminalText.escaped("plain text, ünïcode → ok") == "plain text, ünïcode → ok")
        #expect(TerminalText.escaped("a\u{1B}[2Jb\tc\u{7F}\u{9B}") == #"a\x1b[2Jb\x09c\x7f\x9b"#)
        #expect(TerminalText.escaped("\u{202E}gpj.exe\u{2028}") == #"\u{202e}gpj.exe\u{2028}"#)
    }

    /// Without colour the output holds no control character but its own newlines, and no line of it is forged.
    @Test func plainTextHoldsNoControlCharacter() {
        let text = TextRenderer(useColor: false).render(report(subjectText: Self.hostile))
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("OK") })
        #expect(text.contains(#"name\x1b]0;pwned\x07\x0d\x0aOK"#))
    }

    /// With colour the only escape sequences are the renderer's own SGR colours.
    @Test func colourIsTheOnlyEscapeSequence() throws {
        let text = TextRenderer(useColor: true).render(report(subjectText: Self.hostile))
        let sgr = try Regex(#"\x1B\[[0-9;]*m"#)
        let withoutColour = text.replacing(sgr, with: "")
        #expect(text != withoutColour, "colour was asked for")
        #expect(
            !withoutColour.unicodeScalars.contains {
                ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
            })
    }

    /// An audit line per broker, however many newlines a broker's answer holds.
    @Test func auditKeepsOneLinePerBroker() {
        let audit = AuditReport(
            startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 1),
            reports: [report(subjectText: Self.hostile), report(subjectText: "fine")])
        let lines = TextRenderer(useColor: false).render(audit).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 + 1 + 1 + 1, "two brokers, a blank line, the tally, the final newline: \(lines)")
        #expect(!lines.contains { $0.hasPrefix("OK") })
    }
}
