import Foundation
import Glibc
import TestSupport
import Testing

/// `chaindoctor check` given bad certificate files: every one ends in a clear outcome, never a crash, a trap or
/// a hang. Either exit code 3 with exactly one line on stderr ("chaindoctor: ...") that names the file, or a
/// judgement (exit 0, 1 or 2) that `--json` renders as a whole document.
///
/// No test here measures time: a watchdog kills a run that hangs and fails the test, and the speed targets live
/// in Benchmarks/, measured on a release build.
///
/// Serialized so that the heavy cases (the 10,000-certificate bundle, the 64 KB subjects) do not compete with
/// each other for CPU.
@Suite(.serialized, .timeLimit(.minutes(10))) struct BadFileTests {
    /// When the watchdog calls a run hung: far beyond any case (a debug build takes under 5 s for all but the
    /// 10,000-certificate bundle, which has its own).
    static let watchdog: TimeInterval = 60

    // MARK: - Running the binary with a watchdog

    struct Run {
        var result: Harness.Result
        var arguments: [String]
        var command: String { "chaindoctor " + arguments.joined(separator: " ") }
    }

    /// Runs a program with stdout and stderr going to files (no pipe can fill up and stall it, however much it
    /// prints) and kills it when it outlives `limit`, so a hang fails this test instead of stalling the suite.
    /// A death by signal (a Swift trap is SIGILL or SIGTRAP) is recorded as an issue.
    static func launch(
        _ executable: URL, _ arguments: [String], limit: TimeInterval,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Harness.Result {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let outPath = scratch.path("stdout"), errPath = scratch.path("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        let hung = ended.wait(timeout: .now() + limit) == .timedOut
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()

        var exitCode = process.terminationStatus
        let name = executable.lastPathComponent
        if hung {
            Issue.record(
                "hang: \(name) \(arguments.joined(separator: " ")) was killed after \(Int(limit)) s",
                sourceLocation: sourceLocation)
            exitCode = -1
        } else if process.terminationReason == .uncaughtSignal {
            let signalName = String(cString: strsignal(exitCode))
            Issue.record(
                "crash: \(name) \(arguments.joined(separator: " ")) died of signal \(exitCode) (\(signalName))",
                sourceLocation: sourceLocation)
            exitCode = 128 + exitCode
        }
        let stdout = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
        return Harness.Result(exitCode: exitCode, stdout: stdout, stderr: stderr)
    }

    static func run(
        _ arguments: [String], watchdog: TimeInterval = watchdog,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        let result = try launch(try Harness.binary, arguments, limit: watchdog, sourceLocation: sourceLocation)
        return Run(result: result, arguments: arguments)
    }

    /// A helper program (openssl) that must succeed.
    static func tool(_ name: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try launch(
            URL(fileURLWithPath: try Tools.require(name)), arguments, limit: 120,
            sourceLocation: sourceLocation)
        try #require(
            result.exitCode == 0,
            "\(name) \(arguments.prefix(8).joined(separator: " ")) … failed: \(result.stderr.suffix(400))",
            sourceLocation: sourceLocation)
    }

    // MARK: - Expectations

    /// Exit 3, nothing on stdout, exactly one stderr line starting "chaindoctor: " that names `file` and says why.
    static func expectUnreadable(
        _ run: Run, file: String, mentioning texts: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let result = run.result
        #expect(
            result.exitCode == 3, "\(run.command): exit \(result.exitCode), stderr: \(result.stderr)",
            sourceLocation: sourceLocation)
        let newlines = result.stderr.filter { $0 == "\n" }.count
        #expect(
            newlines == 1 && result.stderr.hasSuffix("\n"),
            "\(run.command): want exactly one stderr line, got \(newlines) newlines: \(result.stderr.prefix(500))",
            sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("chaindoctor: "), "\(run.command): \(result.stderr.prefix(500))",
            sourceLocation: sourceLocation)
        #expect(
            result.stderr.contains(file), "\(run.command): stderr does not name the file: \(result.stderr.prefix(500))",
            sourceLocation: sourceLocation)
        for text in texts {
            #expect(
                result.stderr.contains(text), "\(run.command): stderr lacks '\(text)': \(result.stderr.prefix(500))",
                sourceLocation: sourceLocation)
        }
        #expect(
            result.stdout.isEmpty, "\(run.command): stdout: \(result.stdout.prefix(300))",
            sourceLocation: sourceLocation)
    }

    /// A judgement: exit `exitCode` (0, 1 or 2), a JSON `check` document whose verdict agrees, nothing on stderr.
    @discardableResult
    static func expectReport(
        _ run: Run, exitCode: Int32, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let result = run.result
        #expect(
            result.exitCode == exitCode,
            "\(run.command): exit \(result.exitCode), stderr: \(result.stderr.prefix(500))",
            sourceLocation: sourceLocation)
        #expect(
            result.stderr.isEmpty, "\(run.command): stderr: \(result.stderr.prefix(500))",
            sourceLocation: sourceLocation)
        let json = try #require(
            result.json, "\(run.command): stdout is not a JSON document: \(result.stdout.prefix(300))",
            sourceLocation: sourceLocation)
        #expect(json["schemaVersion"] as? Int == 7, sourceLocation: sourceLocation)
        #expect(json["kind"] as? String == "check", sourceLocation: sourceLocation)
        #expect(json["error"] == nil, "\(run.command): error \(json["error"] ?? "")", sourceLocation: sourceLocation)
        let verdict = try #require(json["verdict"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(
            verdict["exitCode"] as? Int == Int(exitCode), "\(run.command): verdict \(verdict)",
            sourceLocation: sourceLocation)
        return json
    }

    /// Either outcome is acceptable, as long as it is one of the two: for inputs whose classification (DER or
    /// not) is not the point.
    static func expectClearOutcome(
        _ arguments: [String], file: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = try run(arguments, sourceLocation: sourceLocation)
        if text.result.exitCode == 3 {
            expectUnreadable(text, file: file, mentioning: [], sourceLocation: sourceLocation)
        } else {
            #expect(
                (0...2).contains(text.result.exitCode), "\(text.command): exit \(text.result.exitCode)",
                sourceLocation: sourceLocation)
            try expectReport(
                try run(arguments + ["--json"], sourceLocation: sourceLocation), exitCode: text.result.exitCode,
                sourceLocation: sourceLocation)
        }
    }

    static func findings(_ json: [String: Any]) -> [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
    static func ids(_ json: [String: Any]) -> [String] { findings(json).compactMap { $0["id"] as? String } }

    // MARK: - Fixtures

    /// A UUID-named directory under NSTemporaryDirectory(); `remove()` it in a `defer`.
    struct Scratch {
        let directory: String
        init() throws {
            directory = NSTemporaryDirectory() + "chaindoctor-badfile-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            let path = path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        func write(_ text: String, _ name: String) throws -> String { try write(Array(text.utf8), name) }
        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// SplitMix64: the same bytes on every run and platform.
    static func seededBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
        }
        return bytes
    }

    static func chainFile(_ relative: String) -> String { Harness.testChains.appendingPathComponent(relative).path }
    static var healthyCertfile: String { chainFile("healthy/broker.crt") }
    static var healthyClientCA: String { chainFile("healthy/client-ca.crt") }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The first PEM block of TestChains/healthy/broker.crt: the leaf, END line and newline included.
    static func healthyLeafPEM() throws -> String {
        let pem = try text(healthyCertfile)
        let end = try #require(pem.range(of: "-----END CERTIFICATE-----\n"))
        return String(pem[..<end.upperBound])
    }

    // MARK: - Cases

    @Test func emptyFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write([UInt8](), "empty.crt")
        Self.expectUnreadable(try Self.run(["check", path]), file: path, mentioning: ["empty"])
    }

    /// Seeded random bytes, as they come (whatever the first byte says), as a DER SEQUENCE header followed by
    /// garbage (taken as DER: must be judged unparseable, not trap in the ASN.1 parser), and as printable text
    /// without any PEM block.
    @Test(arguments: [UInt64(1), 42, 0xC4A1_1D0C])
    func binaryGarbage(seed: UInt64) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let garbage = Self.seededBytes(count: 4096, seed: seed)

        let raw = try scratch.write(garbage, "garbage.bin")
        try Self.expectClearOutcome(["check", raw, "--cafile", Self.healthyClientCA], file: raw)

        // 0x30 0x82 LL LL: a SEQUENCE claiming 4092 bytes of content, then noise.
        let der = try scratch.write([0x30, 0x82, 0x0F, 0xFC] + garbage.prefix(4092), "garbage.der")
        let json = try Self.expectReport(
            try Self.run(["check", der, "--cafile", Self.healthyClientCA, "--json"]), exitCode: 2)
        #expect(Self.ids(json).contains("unparseable_certificate"), "\(Self.ids(json))")

        let printable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=- \n".utf8)
        let text = try scratch.write(garbage.map { printable[Int($0) % printable.count] }, "garbage.txt")
        Self.expectUnreadable(try Self.run(["check", text]), file: text, mentioning: ["no certificate found"])
    }

    /// The first half of a two-certificate PEM file: the first block has a BEGIN line and no END line.
    @Test func truncatedPEM() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let pem = Array(try Self.text(Self.healthyCertfile).utf8)
        let path = try scratch.write(Array(pem.prefix(pem.count / 2)), "truncated.crt")
        // "FILE:1: BEGIN CERTIFICATE has no END line (truncated file?)": the line the unfinished block starts on.
        Self.expectUnreadable(
            try Self.run(["check", path, "--cafile", Self.healthyClientCA]), file: path,
            mentioning: ["\(path):1:", "no END line"])
    }

    /// Characters outside the base64 alphabet in the leaf (line 5) or in the intermediate (line 27): refused,
    /// naming the line the damaged block starts on (1 or 23). A damaged line whose characters are still base64
    /// decodes to bytes that are no certificate: judged, `unparseable_certificate`.
    @Test func damagedBase64() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let lines = try Self.text(Self.healthyCertfile).components(separatedBy: "\n")
        try #require(lines[0] == "-----BEGIN CERTIFICATE-----" && lines[22] == "-----BEGIN CERTIFICATE-----")

        func damaged(line: Int, with replacement: String) -> [String] {
            var copy = lines
            copy[line - 1] = replacement + copy[line - 1].dropFirst(replacement.count)
            return copy
        }
        let inLeaf = try scratch.write(damaged(line: 5, with: "!!!!").joined(separator: "\n"), "leaf-damaged.crt")
        Self.expectUnreadable(try Self.run(["check", inLeaf]), file: inLeaf, mentioning: ["\(inLeaf):5:", "base64"])

        let inIntermediate = try scratch.write(
            damaged(line: 27, with: "#*#*").joined(separator: "\n"), "intermediate-damaged.crt")
        Self.expectUnreadable(
            try Self.run(["check", inIntermediate]), file: inIntermediate,
            mentioning: ["\(inIntermediate):27:", "base64"])

        // One character fewer: no longer a multiple of four.
        var shortened = lines
        shortened[4].removeFirst()
        let short = try scratch.write(shortened.joined(separator: "\n"), "short.crt")
        Self.expectUnreadable(try Self.run(["check", short]), file: short, mentioning: ["\(short):1:", "base64"])

        let wrongBytes = try scratch.write(damaged(line: 5, with: "AAAA").joined(separator: "\n"), "wrong-bytes.crt")
        let json = try Self.expectReport(
            try Self.run(["check", wrongBytes, "--cafile", Self.healthyClientCA, "--json"]),
            exitCode: 2)
        #expect(Self.ids(json).contains("unparseable_certificate"), "\(Self.ids(json))")
    }

    /// The leaf as DER (openssl x509 -outform der), cut at several points down to its first byte: always the
    /// DER path (first byte 0x30), always judged `unparseable_certificate` (critical, exit 2).
    @Test func truncatedDER() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let derPath = scratch.path("leaf.der")
        try Self.tool("openssl", ["x509", "-in", Self.healthyCertfile, "-outform", "der", "-out", derPath])
        let der = [UInt8](try Data(contentsOf: URL(fileURLWithPath: derPath)))
        try #require(der.first == 0x30 && der.count > 800)

        // The whole DER file is judged (sanity: the fixture is right).
        let whole = try Self.expectReport(
            try Self.run(["check", derPath, "--cafile", Self.healthyClientCA, "--json"]),
            exitCode: 2)
        #expect(Self.ids(whole).contains("missing_intermediate"), "\(Self.ids(whole))")

        for cut in [der.count / 2, 1, 2, 4, 100, der.count - 1] {
            let path = try scratch.write(Array(der.prefix(cut)), "leaf-\(cut).der")
            let json = try Self.expectReport(
                try Self.run(["check", path, "--cafile", Self.healthyClientCA, "--json"]),
                exitCode: 2)
            let unparseable = Self.findings(json).first { $0["id"] as? String == "unparseable_certificate" }
            #expect(
                unparseable?["severity"] as? String == "critical", "cut at \(cut) of \(der.count): \(Self.ids(json))")
            #expect(json["verifiedChain"] == nil, "cut at \(cut): a truncated leaf cannot verify")
        }
    }

    /// The healthy leaf followed by 9,999 copies of its intermediate, as the certfile and as the cafile.
    ///
    /// What it should be, and why: exit 2, `untrusted_root`. The root 'chaindoctor Test Root CA' is neither
    /// presented nor in the cafile, and a cafile certificate that is not self-signed (the intermediate, the leaf)
    /// is no trust anchor for OpenSSL unless X509_V_FLAG_PARTIAL_CHAIN is set, which mosquitto_sub and paho do
    /// not set: `openssl verify -CAfile bundle bundle` says "error 2 at 1 depth lookup: unable to get issuer
    /// certificate", and chaindoctor's OpenSSL verdict must say the same (verifyCode 2, depth 1) without a
    /// `verdict_disagreement`. The 9,998 extra copies are one `duplicate_certificate` (info) naming the
    /// intermediate and the count, not 9,998 findings and not `extra_certificate` (each copy is the path's own
    /// intermediate). No `contains_anchor`: the copies are an intermediate, not a self-signed root, and not an
    /// anchor (see above), so "the broker sends the root" would be false. Every presented certificate is still
    /// reported (10,000 entries).
    @Test func tenThousandCertificateBundle() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let leaf = try Self.healthyLeafPEM()
        var intermediate = try Self.text(Self.chainFile("ca/intermediate.crt"))
        if !intermediate.hasSuffix("\n") { intermediate += "\n" }
        let bundle = try scratch.write(leaf + String(repeating: intermediate, count: 9_999), "bundle-10000.crt")

        // A debug build takes 16 to 20 s for this on a two-core machine; the watchdog is only against hangs.
        // The release-build target (well under 1 s) is measured by Benchmarks/run.sh.
        let run = try Self.run(["check", bundle, "--cafile", bundle, "--json"], watchdog: 300)
        let json = try Self.expectReport(run, exitCode: 2)
        let ids = Self.ids(json)
        #expect((json["verdict"] as? [String: Any])?["status"] as? String == "rejected")
        #expect(ids.contains("untrusted_root"), "\(ids)")
        #expect(!ids.contains("verdict_disagreement"), "\(ids)")
        #expect(!ids.contains("chain_valid"), "\(ids)")
        #expect(!ids.contains("extra_certificate"), "\(ids)")

        let openssl = try #require(json["openssl"] as? [String: Any])
        #expect(openssl["verifyCode"] as? Int == 2, "\(openssl)")
        #expect(openssl["errorDepth"] as? Int == 1, "\(openssl)")

        let duplicates = Self.findings(json).filter { $0["id"] as? String == "duplicate_certificate" }
        #expect(duplicates.count == 1, "one duplicate_certificate finding, not \(duplicates.count)")
        #expect(duplicates.first?["severity"] as? String == "info")
        let message = duplicates.first?["message"] as? String ?? ""
        #expect(message.contains("chaindoctor Test Intermediate CA") && message.contains("9999"), "\(message)")

        let containsAnchor = Self.findings(json).filter { $0["id"] as? String == "contains_anchor" }
        #expect(
            containsAnchor.isEmpty,
            "contains_anchor for a certificate that is neither self-signed nor an OpenSSL anchor: \(containsAnchor)")

        let presented = try #require(json["presentedChain"] as? [[String: Any]])
        #expect(presented.count == 10_000)
        #expect(presented.dropFirst().allSatisfy { $0["selfSigned"] as? Bool == false })
    }

    enum LongSubject: String, CaseIterable, CustomTestStringConvertible {
        /// One 65,000-character attribute: description (2.5.4.13), which OpenSSL's string table does not bound.
        case oneAttribute
        /// organizationName is bounded at 64 characters (ub-organization-name; `openssl req` says "string too
        /// long ... maxsize=64" for anything longer), so the bulk goes into 1,016 OU attributes of 64 characters.
        case manyOUs

        var testDescription: String { rawValue }

        var subject: String {
            switch self {
            case .oneAttribute:
                return "/CN=big.test/O=chaindoctor test/description=" + String(repeating: "d", count: 65_000)
            case .manyOUs:
                return "/CN=big.test/O=chaindoctor test"
                    + String(repeating: "/OU=" + String(repeating: "u", count: 64), count: 1_016)
            }
        }
    }

    /// A self-signed certificate whose subject (and so issuer) is about 64 KB, generated at test time; the client
    /// pins that very certificate. Must produce a report: exit 0, the chain verifies, `self_signed_leaf` is info (for
    /// OpenSSL clients: by default mbedTLS 2.x, whose 16384-byte input buffer cannot hold it, rejects it too).
    @Test(arguments: LongSubject.allCases)
    func sixtyFourKilobyteSubject(_ shape: LongSubject) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cert = scratch.path("big.crt"), key = scratch.path("big.key")
        try Self.tool(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                "-days", "3650", "-subj", shape.subject, "-addext", "subjectAltName=DNS:big.test",
            ])

        let json = try Self.expectReport(
            try Self.run(["check", cert, "--cafile", cert, "--hostname", "big.test", "--json", "--clients", "openssl"]),
            exitCode: 0)
        let ids = Self.ids(json)
        #expect(ids.contains("chain_valid"), "\(ids)")
        #expect(ids.contains("self_signed_leaf"), "\(ids)")
        #expect((json["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
        let leaf = try #require((json["presentedChain"] as? [[String: Any]])?.first)
        let subject = leaf["subject"] as? String ?? ""
        #expect(subject.count >= 65_000, "subject reported with \(subject.count) characters")
        #expect(subject.contains("big.test"))
        // The certificate facts keep the whole subject; the sentences that name it are bounded.
        for finding in json["findings"] as? [[String: Any]] ?? [] {
            for key in ["message", "evidence", "fix"] {
                let length = (finding[key] as? String)?.count ?? 0
                #expect(length < 1_100, "\(finding["id"] ?? "?") \(key) is \(length) characters")
            }
        }

        let text = try Self.run(["check", cert, "--cafile", cert, "--hostname", "big.test", "--clients", "openssl"])
        #expect(text.result.exitCode == 0, "\(text.result.stderr.prefix(300))")
        let devices = try Self.run(["check", cert, "--cafile", cert, "--hostname", "big.test", "--json"])
        let mbedtls = (Self.ids(try #require(devices.result.json)), devices.result.exitCode)
        #expect(mbedtls.0.contains("client_rejects") && mbedtls.1 == 2, "\(mbedtls)")
        #expect(text.result.stdout.hasPrefix("OK:"), "\(text.result.stdout.prefix(300))")
        #expect(text.result.stderr.isEmpty)
    }

    @Test func directoryAsCertfile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let directory = scratch.path("certs.d")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        Self.expectUnreadable(try Self.run(["check", directory]), file: directory, mentioning: [])
        Self.expectUnreadable(
            try Self.run(["check", Self.healthyCertfile, "--cafile", directory]), file: directory, mentioning: [])
    }

    @Test func nonexistentFile() throws {
        let path = NSTemporaryDirectory() + "chaindoctor-badfile-\(UUID().uuidString)-missing.crt"
        Self.expectUnreadable(try Self.run(["check", path]), file: path, mentioning: ["no such file"])
    }

    /// 100 MB of zeros (sparse: truncate(2), no disk used) is over the 16 MiB cap: refused quickly, saying so,
    /// as the certfile and as the cafile; CHAINDOCTOR_MAX_FILE_MIB moves the cap.
    @Test func hundredMegabytesOfZeros() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("zeros.crt")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        try #require(truncate(path, 100 * 1024 * 1024) == 0, "truncate: \(String(cString: strerror(errno)))")

        let run = try Self.run(["check", path])
        Self.expectUnreadable(run, file: path, mentioning: ["16 MiB", "CHAINDOCTOR_MAX_FILE_MIB"])
        let asCAFile = try Self.run(["check", Self.healthyCertfile, "--cafile", path])
        Self.expectUnreadable(asCAFile, file: path, mentioning: ["16 MiB"])
        #expect(truncate(path, 17 * 1024 * 1024) == 0)
        let raised = try Harness.run(["check", path], environment: ["CHAINDOCTOR_MAX_FILE_MIB": "32"])
        #expect(
            raised.exitCode == 3 && !raised.stderr.contains("MiB"), "read, then refused as not PEM: \(raised.stderr)")
    }
}
