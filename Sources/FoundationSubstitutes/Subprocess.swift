#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Foundation's `Process`, as chaindoctor uses it: a tool run to completion with a time limit, standard input and
/// output on /dev/null, and the start of what it wrote on standard error kept for a one-line message.
public enum Subprocess {
    public struct Outcome: Sendable {
        /// The exit status; nil when the tool was killed at the time limit or by a signal.
        public var exitStatus: Int32?
        /// The first 4 kB the tool wrote on standard error.
        public var standardError: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` (a path) with `arguments` and exactly `environment`, waiting at most `seconds`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], seconds: Double
    ) throws -> Outcome {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        defer { close(pipeEnds[0]) }
        _ = fcntl(pipeEnds[0], F_SETFL, fcntl(pipeEnds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }

        var captured: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func drain() {
            while true {
                let count = read(pipeEnds[0], &buffer, buffer.count)
                guard count > 0 else { return }
                if captured.count < 4096 { captured += buffer[0..<min(count, 4096 - captured.count)] }
            }
        }
        var status: Int32 = 0
        let deadline = Monotonic.now + seconds
        while true {
            drain()
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR {
                throw Failure(description: "waiting for \(executable): \(String(cString: strerror(errno)))")
            }
            if Monotonic.now >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return Outcome(exitStatus: nil, standardError: String(decoding: captured, as: UTF8.self))
            }
            usleep(10_000)
        }
        drain()
        // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
        let exited = status & 0x7F == 0
        return Outcome(
            exitStatus: exited ? (status >> 8) & 0xFF : nil, standardError: String(decoding: captured, as: UTF8.self))
    }
}

/// Seconds on the monotonic clock.
enum Monotonic {
    static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
