public import Foundation

/// `openssl verify` as a TLS client at OpenSSL's default security level judges a chain (TestChains/README.md says
/// why these flags): the independent reference the project's OpenSSL wrapper is held to.
public enum OpenSSLVerifyCLI {
    /// The first error code `openssl verify` prints (`error N at D depth lookup: ...`), or 0 for `OK`, and what it
    /// printed. `leaf` and `untrusted` are PEM files; `identity` a DNS name or, with `isIP`, an address.
    public static func firstCode(
        leaf: String, untrusted: String?, cafile: String, identity: String, isIP: Bool, at instant: Date
    ) throws -> (code: Int32, output: String) {
        var arguments = [
            "verify", "-auth_level", "2", "-purpose", "sslserver", "-attime",
            String(Int64(instant.timeIntervalSince1970)), "-CAfile", cafile,
        ]
        if let untrusted { arguments += ["-untrusted", untrusted] }
        arguments += isIP ? ["-verify_ip", identity] : ["-verify_hostname", identity]
        arguments.append(leaf)
        let (status, output) = try Tools.run("openssl", arguments, watchdog: 60)
        let firstError = output.split(separator: "\n").lazy.compactMap { line -> Int32? in
            guard line.hasPrefix("error "), line.contains(" depth lookup:") else { return nil }
            return Int32(line.split(separator: " ")[1])
        }.first
        if let firstError {
            guard status != 0 else { throw TestSupportError("an error but exit 0: \(output)") }
            return (firstError, output)
        }
        guard status == 0, output.contains("\(leaf): OK") else {
            throw TestSupportError("openssl verify printed neither an error code nor OK: \(output)")
        }
        return (0, output)
    }

    /// DER certificates as one PEM text.
    public static func pem(_ certificates: some Sequence<[UInt8]>) -> String {
        certificates.map { der in
            let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            return "-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----\n"
        }.joined()
    }
}
