import Foundation
import Glibc

/// The processes an Erlang VM leaves behind (erl_child_setup starts a session of its own, so a process group
/// misses it; inet_gethost runs under it), found and ended for RabbitMQBroker and EjabberdBroker.
enum ProcessTree {
    /// Helpers that outlive their VM: they end by themselves once it has gone (each reaping its own children),
    /// within milliseconds; those still running after 2 s are killed, and the wait for them is bounded at 10 s.
    static func end(_ helpers: [pid_t]) {
        var deadline = Date().addingTimeInterval(2)
        while helpers.contains(where: isRunning) && Date() < deadline { usleep(10_000) }
        for pid in helpers where isRunning(pid) { kill(pid, SIGKILL) }
        deadline = Date().addingTimeInterval(10)
        while helpers.contains(where: isRunning) && Date() < deadline { usleep(10_000) }
    }

    /// Every process below `root`, read from /proc, parents before children.
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let fields = statFields(pid), fields.count > 1,
                let parent = pid_t(fields[1])
            else { continue }
            children[parent, default: []].append(pid)
        }
        var found: [pid_t] = []
        var queue = [root]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for child in children[next] ?? [] {
                found.append(child)
                queue.append(child)
            }
        }
        return found
    }

    /// Whether the process exists and is not a zombie waiting for its parent (init, for orphans) to reap it.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let state = statFields(pid)?.first else { return false }
        return state != "Z" && state != "X"
    }

    /// The fields of /proc/<pid>/stat after the command name (which may hold spaces): state, parent, ...
    static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ")
    }
}
