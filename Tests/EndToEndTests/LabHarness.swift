import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

/// One `chaindoctor lab` for the whole test process, serving every scenario on consecutive ports, with the table
/// it printed (`--json`) to find each scenario's port and expectation.
final class SharedLab: @unchecked Sendable {
    let server: ServerProcess
    /// The lab's table, by scenario name.
    let entries: [String: [String: Any]]

    private init() throws {
        server = try ServerProcess.start(executable: try Harness.binary.path, listenSeconds: 30) { port in
            ["lab", "--port-base", String(port), "--json"]
        }
        // The table is one line, written once every port listens.
        try server.waitForLog("\n")
        let line = server.log.split(separator: "\n").first { $0.hasPrefix("{") } ?? ""
        let table = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let scenarios = try #require(table?["scenarios"] as? [[String: Any]], "no table from the lab: \(server.log)")
        entries = Dictionary(
            scenarios.compactMap { entry in (entry["scenario"] as? String).map { ($0, entry) } },
            uniquingKeysWith: { first, _ in first })
    }

    private static let started = Mutex<Result<SharedLab, any Error>?>(nil)
    /// The lab's process, killed when the test process exits: a static is never deinitialised.
    private static let pid = Atomic<Int32>(0)

    /// The lab, started on first use.
    static func shared() throws -> SharedLab {
        try started.withLock { state in
            if state == nil {
                state = Result { try SharedLab() }
                if case .success(let lab) = state {
                    pid.store(lab.server.process.processIdentifier, ordering: .relaxed)
                    atexit {
                        let pid = SharedLab.pid.load(ordering: .relaxed)
                        if pid > 0 { kill(pid, SIGKILL) }
                    }
                }
            }
            return try state!.get()
        }
    }

    func port(_ scenario: String) throws -> UInt16 {
        let port = try #require(entries[scenario]?["port"] as? Int, "the lab does not serve \(scenario)")
        return UInt16(port)
    }
}
