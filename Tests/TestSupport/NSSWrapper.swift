import Foundation

/// nss_wrapper (Debian's libnss-wrapper): a hosts file for one child process, so that a test can give a name the
/// addresses it wants (broker.test on 127.0.0.1, one name on three loopback nodes) without touching /etc/hosts.
public enum NSSWrapper {
    static let libraries = [
        "/usr/lib/x86_64-linux-gnu/libnss_wrapper.so", "/usr/lib/aarch64-linux-gnu/libnss_wrapper.so",
    ]

    /// The environment for a child in which each `(address, name)` resolves as listed; the hosts file goes into
    /// `scratch`. A missing library fails the test loudly.
    public static func environment(
        resolving entries: [(address: String, name: String)], in scratch: TemporaryDirectory
    ) throws -> [String: String] {
        guard let library = libraries.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TestSupportError(
                "libnss-wrapper is not installed: run the README's test command (bash .ci/test), which installs it")
        }
        let hosts = scratch.file("hosts")
        try entries.map { "\($0.address) \($0.name)\n" }.joined().write(
            toFile: hosts, atomically: true, encoding: .utf8)
        return ["LD_PRELOAD": library, "NSS_WRAPPER_HOSTS": hosts]
    }
}
