import Foundation
import Glibc

/// A real ejabberd (Debian's ejabberd package) serving MQTT over TLS (mod_mqtt) on 127.0.0.1 for the host
/// `broker.test`: a third broker, whose TLS goes through ejabberd's own certificate handling (the global `certfiles`
/// list, from which it orders and completes the chain itself). The Erlang VM runs in the foreground as the current
/// user, started with `erl` directly (/usr/sbin/ejabberdctl would switch to the ejabberd user with su), without
/// systemd, with its configuration, database, logs and HOME in a temporary directory. The node is not distributed
/// (no `-name`), so it starts no epmd and opens no port but the MQTT one. Restartable with other certificates;
/// stopped with every process it started when the object goes, and stopping by itself when its standard input,
/// a pipe from this process, ends: a test run that dies leaves no node behind.
///
/// MQTT login: ejabberd 23.01 refuses a CONNECT without a password (return code 5), anonymous login or not, so
/// the host uses `auth_method: anonymous` with `anonymous_protocol: login_anon`: any user name with any
/// non-empty password is accepted, for instance `username` with the password in `passwordFile`.
public final class EjabberdBroker {
    /// The MQTT-over-TLS port, chosen at start and kept across restarts.
    public let port: UInt16
    /// A user name the broker accepts (any is) with the password in `passwordFile`.
    public static let username = "chaindoctor"
    /// A file whose only line is a password the broker accepts (any non-empty one is), for `--password-file`.
    public var passwordFile: String { file("password") }

    private let directory: String
    private let releaseParent: String
    private var node: Process?
    /// The write end of the node's standard input: closing it stops the node cleanly, and so does the end of this
    /// process, whatever ends it.
    private var stopHandle: FileHandle?
    private var stopped = false

    /// The directory holding the ejabberd release (`ejabberd-<version>/ebin/ejabberd.app`), passed to the VM as
    /// ERL_LIBS: Debian puts it under /usr/lib/<multiarch>; its dependencies are in Erlang's own lib directory.
    static var releaseParent: String? {
        let fileManager = FileManager.default
        let lib = "/usr/lib"
        let candidates =
            ["/usr/lib/erlang/lib"]
            + ((try? fileManager.contentsOfDirectory(atPath: lib)) ?? []).sorted().map { "\(lib)/\($0)" }
        return candidates.first { parent in
            ((try? fileManager.contentsOfDirectory(atPath: parent)) ?? []).contains {
                $0.hasPrefix("ejabberd-") && fileManager.fileExists(atPath: "\(parent)/\($0)/ebin/ejabberd.app")
            }
        }
    }
    static let erl = "/usr/bin/erl"
    /// The longest wait for the TLS port: a boot takes about a second here.
    static let startSeconds = 60.0

    /// Starts ejabberd serving MQTT over TLS on a free loopback port for the host `broker.test`, its global
    /// `certfiles` the given absolute paths (PEM files holding the certificates and the private key, in any
    /// split), and returns once that port accepts TCP. A node that exits (a certificate without its key, for
    /// one) or does not listen within a minute fails with the useful part of its log; one whose port another
    /// process took in between is started again on another.
    public static func start(certfiles: [String]) throws -> EjabberdBroker {
        guard FileManager.default.isExecutableFile(atPath: erl), let releaseParent else {
            throw TestSupportError(
                "ejabberd is not installed (no \(erl) or ejabberd-*/ebin/ejabberd.app under /usr/lib): Debian's "
                    + "ejabberd package provides it; run the README's test command (bash .ci/test), which installs it")
        }
        var attempt = 0
        while true {
            attempt += 1
            let broker = try EjabberdBroker(port: try Loopback.freePort(), releaseParent: releaseParent)
            do {
                try broker.launch(certfiles: certfiles)
                return broker
            } catch {
                let taken = broker.console.contains("address already in use")
                broker.stop()
                guard attempt < 3, taken else { throw error }
            }
        }
    }

    private init(port: UInt16, releaseParent: String) throws {
        self.port = port
        self.releaseParent = releaseParent
        directory = NSTemporaryDirectory() + "chaindoctor-ejabberd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: file("home"), withIntermediateDirectories: true)
        try "chaindoctor-probe\n".write(toFile: file("password"), atomically: true, encoding: .utf8)
    }

    /// Stops the node, writes a configuration with these `certfiles` and starts it again on the same port with
    /// a fresh database and log (nothing the MQTT step leaves needs keeping), returning once the TLS port
    /// accepts TCP.
    public func restart(certfiles: [String]) throws {
        guard !stopped else { throw TestSupportError("ejabberd on \(port) was stopped: it cannot restart") }
        stopNode()
        try launch(certfiles: certfiles)
    }

    /// Stops the node (a clean shutdown of about a second; killed, with the helpers it spawned, if it hangs),
    /// waits until its processes are gone, and removes the temporary directory. Called again, or by deinit after
    /// it, it does nothing.
    public func stop() {
        stopped = true
        stopNode()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    private func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// ejabberd.yml: one host, the given certfiles, anonymous login (see the type's comment), and mod_mqtt's
    /// TLS listener as the only listener (no c2s on 5222, no HTTP on 5280/5443); no ACME.
    static func configuration(port: UInt16, certfiles: [String]) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return
            ([
                "hosts:",
                "  - \"broker.test\"",
                "loglevel: info",
                "certfiles:",
            ] + certfiles.map { "  - \(quoted($0))" } + [
                "auth_method: anonymous",
                "anonymous_protocol: login_anon",
                "acme:",
                "  auto: false",
                "listen:",
                "  -",
                "    port: \(port)",
                "    ip: \"127.0.0.1\"",
                "    module: mod_mqtt",
                "    tls: true",
                "modules:",
                "  mod_mqtt: {}",
            ]).joined(separator: "\n") + "\n"
    }

    /// The VM's environment: configuration, log, crash dump and HOME under the temporary directory, the release
    /// on ERL_LIBS. Inherited ERL_ and EJABBERD_ variables are dropped, and NOTIFY_SOCKET, which would make
    /// ejabberd report to a systemd.
    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("ERL_") && !$0.key.hasPrefix("EJABBERD_") && !$0.key.hasPrefix("CONTRIB_MODULES_")
                && $0.key != "NOTIFY_SOCKET"
        }
        environment.merge([
            "HOME": file("home"),
            "EJABBERD_CONFIG_PATH": file("ejabberd.yml"),
            "EJABBERD_LOG_PATH": file("logs/ejabberd.log"),
            "ERL_LIBS": releaseParent,
            "ERL_CRASH_DUMP": file("erl_crash.dump"),
        ]) { $1 }
        return environment
    }

    /// Writes the configuration, clears the database and logs, and starts the node, its output in console.log;
    /// returns once ejabberd says it accepts TLS connections on the port and the port accepts TCP (the log line
    /// tells our listener from another process's on the same port).
    private func launch(certfiles: [String]) throws {
        for sub in ["spool", "logs"] {
            try? FileManager.default.removeItem(atPath: file(sub))
            try FileManager.default.createDirectory(atPath: file(sub), withIntermediateDirectories: true)
        }
        try Self.configuration(port: port, certfiles: certfiles)
            .write(toFile: file("ejabberd.yml"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: file("console.log"), contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: file("console.log")))
        defer { try? output.close() }
        let process = Process()
        // erl execs erlexec, which execs beam.smp: the VM is our direct child.
        process.executableURL = URL(fileURLWithPath: Self.erl)
        // What ejabberdctl foreground passes, without -name (no distribution, no epmd) and without su; and a
        // process that stops the node (init:stop, a clean shutdown) once its standard input ends.
        process.arguments = [
            "-noshell", "-eval", "spawn(fun() -> io:get_line(\"\"), init:stop() end)",
            "-mnesia", "dir", "\"\(file("spool"))\"", "-s", "ejabberd",
        ]
        // The VM writes erl_crash.dump and mnesia's files relative to its working directory.
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        node = process
        stopHandle = input.fileHandleForWriting
        let listening = "Start accepting TLS connections at 127.0.0.1:\(port) for mod_mqtt"
        let deadline = Date().addingTimeInterval(Self.startSeconds)
        while true {
            guard process.isRunning else {
                throw TestSupportError("ejabberd exited before listening on \(port); its log:\n\(log)")
            }
            if console.contains(listening) && Loopback.accepts(port: port) { return }
            guard Date() < deadline else {
                throw TestSupportError(
                    "ejabberd did not listen on \(port) within \(Self.startSeconds) s; its log:\n\(log)")
            }
            usleep(50_000)
        }
    }

    private var console: String { (try? String(contentsOfFile: file("console.log"), encoding: .utf8)) ?? "" }

    /// What the node said, for a failure: its first error lines (a refused certificate or a taken port is named
    /// there, before pages of supervisor reports) and the end of its output.
    private var log: String {
        let lines = console.split(separator: "\n")
        let errors = lines.filter { $0.contains("[error]") || $0.contains("[critical]") }.prefix(8)
        return (errors + ["..."] + lines.suffix(15)).map { String($0.prefix(300)) }.joined(separator: "\n")
    }

    /// Ends the node: closes its standard input, on which it stops cleanly (about a second), then SIGKILL for a
    /// VM still running after 10 s (SIGTERM could stay blocked: the VM inherits a test thread's signal mask) and
    /// for any helper it spawned that is still running (erl_child_setup starts a session of its own, so a process
    /// group would miss it; inet_gethost runs under it). Waits until none runs.
    private func stopNode() {
        try? stopHandle?.close()
        stopHandle = nil
        guard let node else { return }
        self.node = nil
        guard node.isRunning else { return node.waitUntilExit() }
        let helpers = ProcessTree.descendants(of: node.processIdentifier)
        node.waitUntilExitOrKill(seconds: 10)
        ProcessTree.end(helpers)
    }
}
