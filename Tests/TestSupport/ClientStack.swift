public import Foundation
import Glibc
import Synchronization

/// What a real TLS client stack made of one chain: accepted, or rejected with the exact error text it gives.
public struct StackVerdict: Sendable, Equatable, CustomStringConvertible {
    public var accepted: Bool
    /// The stack's own words for the rejection (Go's `err.Error()`, Java's exception class and message); empty when
    /// it accepts.
    public var message: String

    public init(accepted: Bool, message: String) {
        self.accepted = accepted
        self.message = message
    }

    public var description: String { accepted ? "OK" : "FAIL \(message)" }
}

/// One chain for a client stack to judge: what the server presents, what the client trusts, whom it dials, when.
public struct ClientStackCase: Sendable {
    /// DER, leaf first, in the order the server sends them.
    public var presentedChain: [[UInt8]]
    /// DER of the certificates the client trusts.
    public var trustAnchors: [[UInt8]]
    /// The DNS name or IP address text the client dials.
    public var identity: String
    public var isIP: Bool
    public var instant: Date

    public init(presentedChain: [[UInt8]], trustAnchors: [[UInt8]], identity: String, isIP: Bool, at instant: Date) {
        self.presentedChain = presentedChain
        self.trustAnchors = trustAnchors
        self.identity = identity
        self.isIP = isIP
        self.instant = instant
    }
}

/// A real TLS client stack, asked through the tiny verifier program in `Tests/ClientStacks/` (see the comment at
/// the top of each for what it mirrors): `go` is Go's `crypto/x509` (Debian's golang-go, standard library only),
/// `java` JSSE's PKIX trust manager (Debian's default-jdk-headless), `mbedtls` mbedTLS 2.28's
/// `mbedtls_x509_crt_verify_with_profile` (libmbedtls-dev), `bearssl` BearSSL's `br_x509_minimal` engine
/// (libbearssl-dev), `wolfssl` wolfSSL's certificate manager as its TLS client uses it (libwolfssl-dev); the C
/// programs are compiled with `cc` against the system library. Each program is built once per test process into a
/// temporary directory removed at exit; a missing compiler, header or library fails loudly, naming the package,
/// never skips. Go, Java and wolfSSL tell an IP address from a name by the identity's text, as their TLS clients
/// do; mbedTLS and BearSSL only match names, so an IP identity is compared with the DNS names. `isIP` only
/// documents the case.
public enum ClientStack: String, Sendable, CaseIterable {
    case go
    case java
    case mbedtls
    case bearssl
    case wolfssl

    /// Judges one chain.
    public func verify(
        presentedChain: [[UInt8]], trustAnchors: [[UInt8]], identity: String, isIP: Bool, at instant: Date
    ) throws -> StackVerdict {
        let chain = ClientStackCase(
            presentedChain: presentedChain, trustAnchors: trustAnchors, identity: identity, isIP: isIP, at: instant)
        return try verify([chain])[0]
    }

    /// Judges many chains in one run of the program (one JVM start for the whole corpus), in order.
    public func verify(_ cases: [ClientStackCase]) throws -> [StackVerdict] {
        guard !cases.isEmpty else { return [] }
        let command = try built()
        let directory = try TemporaryDirectory("client-stack-\(rawValue)")
        var manifest = ""
        for (index, chain) in cases.enumerated() {
            guard !chain.identity.contains(where: { $0 == "\t" || $0 == "\n" }) else {
                throw TestSupportError("an identity with a tab or newline cannot go in a manifest: \(chain.identity)")
            }
            let chainFile = directory.file("\(index)-chain.pem")
            let anchorsFile = directory.file("\(index)-anchors.pem")
            try OpenSSLVerifyCLI.pem(chain.presentedChain).write(toFile: chainFile, atomically: false, encoding: .utf8)
            try OpenSSLVerifyCLI.pem(chain.trustAnchors).write(toFile: anchorsFile, atomically: false, encoding: .utf8)
            manifest +=
                "\(chainFile)\t\(anchorsFile)\t\(chain.identity)\t\(Int64(chain.instant.timeIntervalSince1970))\n"
        }
        let manifestFile = directory.file("manifest")
        try manifest.write(toFile: manifestFile, atomically: false, encoding: .utf8)
        let (status, output) = try Tools.run(command.tool, command.arguments + [manifestFile], watchdog: 600)
        let lines = output.split(separator: "\n").filter { $0 == "OK" || $0.hasPrefix("FAIL ") }
        guard status == 0, lines.count == cases.count else {
            throw TestSupportError(
                "the \(rawValue) verifier (exit \(status)) gave \(lines.count) verdicts for \(cases.count) cases: "
                    + String(output.suffix(1000)))
        }
        return lines.map { line in
            line == "OK"
                ? StackVerdict(accepted: true, message: "")
                : StackVerdict(accepted: false, message: String(line.dropFirst("FAIL ".count)))
        }
    }

    /// The program's source, committed under `Tests/ClientStacks/`.
    public var source: URL {
        let file =
            switch self {
            case .go: "verify.go"
            case .java: "Verify.java"
            case .mbedtls, .bearssl, .wolfssl: "verify.c"
            }
        return TestPaths.packageRoot.appendingPathComponent("Tests/ClientStacks/\(rawValue)/\(file)")
    }

    /// The Debian package that provides the stack's compiler and runtime (for a C stack, its headers and library).
    public var debianPackage: String {
        switch self {
        case .go: "golang-go"
        case .java: "default-jdk-headless"
        case .mbedtls: "libmbedtls-dev"
        case .bearssl: "libbearssl-dev"
        case .wolfssl: "libwolfssl-dev"
        }
    }

    /// A C stack's header, whose absence means its Debian package is not installed, and the libraries to link.
    var cLibrary: (header: String, libraries: [String])? {
        switch self {
        case .go, .java: nil
        case .mbedtls: ("/usr/include/mbedtls/x509_crt.h", ["-lmbedtls", "-lmbedx509", "-lmbedcrypto"])
        case .bearssl: ("/usr/include/bearssl.h", ["-lbearssl"])
        case .wolfssl: ("/usr/include/wolfssl/ssl.h", ["-lwolfssl"])
        }
    }

    /// A stack's name in prose and tables.
    public var displayName: String {
        switch self {
        case .go: "Go"
        case .java: "Java"
        case .mbedtls: "mbedTLS"
        case .bearssl: "BearSSL"
        case .wolfssl: "wolfSSL"
        }
    }

    // MARK: Building, once per process

    struct Command: Sendable {
        var tool: String
        var arguments: [String]
    }

    private static let builtCommands = Mutex<[ClientStack: Command]>([:])
    /// Where the built programs live; removed when the test process exits.
    static let buildRoot: String = {
        let path = NSTemporaryDirectory() + "chaindoctor-client-stacks-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: ClientStack.buildRoot) }
        return path
    }()

    func require(_ tool: String) throws -> String {
        do {
            return try Tools.require(tool)
        } catch {
            throw TestSupportError(
                "\(tool) is not installed: Debian's \(debianPackage) provides it; run the README's test command "
                    + "(bash .ci/test), which installs it")
        }
    }

    /// Builds the program the first time it is asked for (one build at a time), then returns it.
    func built() throws -> Command {
        try Self.builtCommands.withLock { commands in
            if let command = commands[self] { return command }
            let command = try makeCommand()
            commands[self] = command
            return command
        }
    }

    private func makeCommand() throws -> Command {
        let output = (Self.buildRoot as NSString).appendingPathComponent(rawValue)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let command: Command
        switch self {
        case .go:
            let go = try require("go")
            let binary = (output as NSString).appendingPathComponent("verify")
            let cache = (output as NSString).appendingPathComponent("cache")
            // Standard library only: no module proxy, no network, no cgo; the build cache is thrown away.
            let environment = [
                "GOCACHE=\(cache)", "GOPATH=\(cache)/gopath", "GOPROXY=off", "GOFLAGS=", "GOENV=off",
                "CGO_ENABLED=0",
            ]
            try build("env", environment + [go, "build", "-o", binary, source.path])
            try? FileManager.default.removeItem(atPath: cache)
            command = Command(tool: "env", arguments: [binary])
        case .java:
            _ = try require("javac")
            _ = try require("java")
            try build("javac", ["-d", output, source.path])
            command = Command(tool: "java", arguments: ["-cp", output, "Verify"])
        case .mbedtls, .bearssl, .wolfssl:
            do {
                _ = try Tools.require("cc")
            } catch {
                throw TestSupportError("cc is not installed: Debian's gcc provides it")
            }
            let (header, libraries) = cLibrary!
            guard FileManager.default.fileExists(atPath: header) else {
                throw TestSupportError(
                    "\(header) is missing: Debian's \(debianPackage) provides it; run the README's test command "
                        + "(bash .ci/test), which installs it")
            }
            let binary = (output as NSString).appendingPathComponent("verify")
            try build("cc", ["-O1", "-o", binary, source.path] + libraries)
            command = Command(tool: "env", arguments: [binary])
        }
        return command
    }

    private func build(_ tool: String, _ arguments: [String]) throws {
        let (status, output) = try Tools.run(tool, arguments, watchdog: 300)
        guard status == 0 else {
            throw TestSupportError("building the \(rawValue) verifier failed (exit \(status)): \(output.suffix(1500))")
        }
    }
}
