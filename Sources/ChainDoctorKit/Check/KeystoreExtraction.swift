import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A HiveMQ keystore (PKCS#12, or a Java keystore converted with the JDK's keytool when it is installed) turned into
/// a PEM chain and key that `check` reads, in a private temporary folder removed afterwards. The password goes to
/// the tools through the environment, never on a command line.
struct KeystoreExtraction {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let folder: String
    let certfile: String
    let keyfile: String

    init(keystore: String, password: String?) throws {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let folder = temporary.appendingPathComponent("chaindoctor-keystore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        self.folder = folder
        certfile = folder + "/chain.pem"
        keyfile = folder + "/key.pem"
        do {
            let bytes = try TrustStoreLoader.readFile(keystore)
            var pkcs12 = keystore
            // A Java keystore starts with 0xFEEDFEED (JKS) or 0xCECECECE (JCEKS).
            if bytes.starts(with: [0xFE, 0xED, 0xFE, 0xED]) || bytes.starts(with: [0xCE, 0xCE, 0xCE, 0xCE]) {
                guard let keytool = Self.find("keytool") else {
                    throw Failure(
                        description: "it is a Java keystore and the JDK's keytool is not installed; convert it to "
                            + "PKCS#12 (keytool -importkeystore -deststoretype PKCS12) or check the PEM files")
                }
                pkcs12 = folder + "/keystore.p12"
                try Self.run(
                    keytool,
                    [
                        "-importkeystore", "-noprompt", "-srckeystore", keystore, "-srcstorepass:env", "KEYSTORE_PASS",
                        "-destkeystore", pkcs12, "-deststoretype", "PKCS12", "-deststorepass:env", "KEYSTORE_PASS",
                    ], password: password)
            }
            guard let openssl = Self.find("openssl") else {
                throw Failure(description: "reading a PKCS#12 keystore needs the openssl command, not installed")
            }
            let common = ["pkcs12", "-in", pkcs12, "-passin", "env:KEYSTORE_PASS"]
            do {
                try Self.run(openssl, common + ["-nokeys", "-out", certfile], password: password)
                try Self.run(openssl, common + ["-nocerts", "-nodes", "-out", keyfile], password: password)
            } catch {
                // PKCS#12 files from older tools use RC2 or 3DES, which OpenSSL 3 reads with -legacy only.
                try Self.run(openssl, common + ["-legacy", "-nokeys", "-out", certfile], password: password)
                try Self.run(openssl, common + ["-legacy", "-nocerts", "-nodes", "-out", keyfile], password: password)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func find(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin"])
            .map { $0.appendingPathComponent(tool) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool for at most 30 seconds; its output is discarded, its failure is one line.
    static func run(_ executable: String, _ arguments: [String], password: String?) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["KEYSTORE_PASS"] = password ?? ""
        let outcome = try Subprocess.run(executable, arguments, environment: environment, seconds: 30)
        let tool = executable.lastPathComponent
        guard let status = outcome.exitStatus else {
            throw Failure(description: "\(tool) did not finish within 30 s")
        }
        guard status == 0 else {
            let first = outcome.standardError.split(separator: "\n").first.map(String.init) ?? "exit \(status)"
            throw Failure(description: "\(tool) failed: \(first)")
        }
    }
}
