import Foundation
import FoundationSubstitutes
import Testing

/// Each substitute against the Foundation call it replaced, on the same inputs: the executable no longer links
/// Foundation, the tests still do, so any difference shows here. Searches compare with `.literal`: chaindoctor
/// looks for configuration keywords and names it printed itself, where canonical equivalence never mattered.
@Suite struct FoundationSubstitutesTests {
    static let haystacks = [
        "", "a", "certfile", "The broker's certfile and the broker's certfile", "ééé", "aaaa", "ab\r\nab", "🇫🇷x🇫🇷",
        "  spaced  ", "\t\n mixed \u{A0}\n", "e\u{301}", "<port>8883</port><port>1</port>",
    ]
    static let needles = ["a", "aa", "certfile", "é", "\n", "b\r", "🇫🇷", "e", "<port>", "</port>", " ", "zz"]

    @Test func findMatchesRangeOf() {
        for haystack in Self.haystacks {
            for needle in Self.needles {
                #expect(
                    haystack.find(needle) == haystack.range(of: needle, options: .literal),
                    "\(haystack.debugDescription) \(needle)")
            }
        }
    }

    /// The same answers as Foundation's `contains(_:)` (NSString, literal) for every pair above.
    @Test func includesMatchesFoundationContains() {
        for haystack in Self.haystacks {
            for needle in Self.needles {
                #expect(
                    haystack.includes(needle) == (haystack.range(of: needle, options: .literal) != nil),
                    "\(haystack.debugDescription) \(needle)")
            }
        }
        #expect("sha1WithRSAEncryption".includes("sha1") && !"sha256WithRSAEncryption".includes("sha1"))
    }

    @Test func findWithinBoundsMatchesRangeOfRange() {
        let text = "<a>1</a><a>2</a>"
        var from = text.startIndex
        var found: [String] = []
        while let open = text.find("<a>", in: from..<text.endIndex),
            let close = text.find("</a>", in: open.upperBound..<text.endIndex)
        {
            #expect(open == text.range(of: "<a>", range: from..<text.endIndex))
            found.append(String(text[open.upperBound..<close.lowerBound]))
            from = close.upperBound
        }
        #expect(found == ["1", "2"])
    }

    @Test func replacingAllMatchesReplacingOccurrences() {
        for haystack in Self.haystacks {
            for needle in Self.needles {
                for replacement in ["", "x", needle + needle] {
                    #expect(
                        haystack.replacingAll(of: needle, with: replacement)
                            == haystack.replacingOccurrences(
                                of: needle, with: replacement, options: .literal, range: nil),
                        "\(haystack.debugDescription) \(needle) \(replacement)")
                }
            }
        }
    }

    @Test func trimmingMatchesTrimmingCharacters() {
        for text in Self.haystacks + [" \u{2003}x\u{2003} ", "\u{85}x\u{85}", "\n\n", ": x :"] {
            #expect(
                text.trimming(.whitespaces) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(
                text.trimming(.whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.debugDescription)")
            #expect(text.trimming(" \t\r\n") == text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n")))
            #expect(
                text.trimming(CharacterClass(": ").union(.whitespaces))
                    == text.trimmingCharacters(in: CharacterSet(charactersIn: ": ").union(.whitespaces)))
        }
    }

    @Test func percentDecodingMatchesFoundation() {
        for text in ["", "a%20b", "%2F%2f", "%", "%4", "%zz", "%C3%A9", "%C3", "100%25", "+", "%FF%FE"] {
            #expect(text.percentDecoded == text.removingPercentEncoding, "\(text)")
        }
    }

    @Test func fixedDecimalsMatchStringFormat() {
        // Exact ties (0.5, 2.5, 1.25) included: both round them to even.
        for value in [0, 0.5, 1.25, 2.5, -0.00004, -1.23456, 123.456789, 0.0417, 41.9, 1e9 + 0.123, -0.0, 7] {
            for decimals in [0, 1, 4] {
                #expect(
                    String(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value) \(decimals)"
                )
            }
        }
        #expect(String(Double.nan, decimals: 2) == "nan")
    }

    @Test func paddedMatchesPadding() {
        for text in ["", "ok", "warning", "critical!"] {
            #expect(text.padded(to: 8) == text.padding(toLength: 8, withPad: " ", startingAt: 0))
        }
    }

    @Test func pathComponentsMatchNSString() {
        for path in ["/etc/mosquitto/mosquitto.conf", "/a", "/", "name", "a/b/", "/a/b//", "", "conf.d/tls.conf"] {
            let ns = path as NSString
            #expect(path.lastPathComponent == ns.lastPathComponent, "\(path)")
            #expect(path.deletingLastPathComponent == ns.deletingLastPathComponent, "\(path)")
            #expect(path.appendingPathComponent("ca.crt") == ns.appendingPathComponent("ca.crt"), "\(path)")
        }
    }

    @Test func fileKind() throws {
        #expect(FileKind(path: "/etc/passwd") == .regular)
        #expect(FileKind(path: "/etc") == .directory)
        #expect(FileKind(path: "/dev/null") == .other)
        #expect(FileKind(path: "/nonexistent/\(UUID())") == nil)
    }

    @Test func subprocessExitStatusAndStandardError() throws {
        let fails = try Subprocess.run(
            "/bin/sh", ["-c", "echo \"$GREETING\" >&2; exit 3"], environment: ["GREETING": "first line"], seconds: 10)
        #expect(fails.exitStatus == 3)
        #expect(fails.standardError == "first line\n")

        // A tool that writes more than a pipe holds is drained while it runs, so it finishes.
        let chatty = try Subprocess.run(
            "/bin/sh", ["-c", "head -c 200000 /dev/zero >&2; exit 0"], environment: [:], seconds: 10)
        #expect(chatty.exitStatus == 0)
        #expect(chatty.standardError.utf8.count == 4096)

        let started = Date()
        let slow = try Subprocess.run("/bin/sleep", ["30"], environment: [:], seconds: 0.3)
        #expect(slow.exitStatus == nil)
        #expect(Date().timeIntervalSince(started) < 5)

        #expect(throws: Subprocess.Failure.self) {
            try Subprocess.run("/nonexistent/tool", [], environment: [:], seconds: 1)
        }
    }

    @Test func environmentValueMatchesProcessInfo() {
        let environment = ProcessInfo.processInfo.environment
        #expect(!environment.isEmpty)
        for (name, value) in environment {
            #expect(Environment.value(name) == value, "\(name)")
        }
        #expect(Environment.value("CHAINDOCTOR_NOT_SET_\(UInt64.random(in: 0...UInt64.max))") == nil)
    }

    /// UTCTime against `Date.formatted(.iso8601)` and `.iso8601.year().month().day()`: the ends of the range (the
    /// Gregorian reform, the year 9999), the days around leap days and centuries, times before 1970 and with
    /// fractions, and 20,000 random instants.
    @Test func utcTimeMatchesISO8601FormatStyle() {
        var instants: [Double] = [
            0, -1, -0.5, 0.999, 86_399.9, 86_400, -86_400.25, 951_782_400, 951_868_799, 4_107_542_399,
            -12_219_292_800, -12_219_292_799.5, 253_402_300_799, 253_402_300_799.75, 1_798_761_599,
            -2_208_988_800, 4_102_444_800, 1_709_164_800, 1_709_251_199,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            instants.append(Double.random(in: -12_219_292_800..<253_402_300_800, using: &generator))
        }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTime.dateTime(secondsSince1970: seconds) == date.formatted(.iso8601), "\(seconds)")
            #expect(
                UTCTime.day(secondsSince1970: seconds) == date.formatted(.iso8601.year().month().day()), "\(seconds)")
            #expect(date.iso8601Text == date.formatted(.iso8601))
        }
        // Before the Gregorian reform and from the year 10000 on, the extension falls back to the format style.
        for seconds in [-12_219_292_800.5, -62_135_596_800, 253_402_300_800, .infinity, .nan] {
            #expect(UTCTime.dateTime(secondsSince1970: seconds) == nil)
        }
        for seconds in [-62_135_596_800.0, 253_402_300_800] {
            let far = Date(timeIntervalSince1970: seconds)
            #expect(far.iso8601Text == far.formatted(.iso8601))
            #expect(far.iso8601DayText == far.formatted(.iso8601.year().month().day()))
        }
    }
}
