import Dispatch
import FoundationSubstitutes
import Synchronization

/// Runs swift-certificates' async `Verifier.validate` to completion for the synchronous runners of the CLI.
///
/// The obvious bridge, `Task.detached` plus a semaphore, deadlocks when the caller is itself on Swift's cooperative
/// thread pool (an async test, an async runner): the caller blocks a pool thread waiting for a task that needs a
/// pool thread, and with as many callers as cores (2 here) none is left. So the task runs with a task-executor
/// preference (SE-0417) on a thread of its own, which the caller's blocking cannot starve: every job of the task
/// (the `Verifier` and our policies have no actors, so nothing hops away) runs on that thread, the caller waits on
/// a semaphore, and the thread ends when the operation has returned. One thread per validation: validations are rare
/// (one per probe) and short.
enum SynchronousBridge {
    static func run<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) -> Value? {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            let executor = DedicatedThreadExecutor()
            let started = Threads.start {
                executor.runUntilStopped()
                done.signal()
            }
            // No thread to be had: no strict verdict rather than a wait for ever.
            guard started else { return nil }
            Task.detached(executorPreference: executor) {
                box.set(await operation())
                executor.stop()
            }
        } else {
            // Older Darwin runtimes have no task executors: the plain bridge, safe from non-pool threads only.
            Task.detached {
                box.set(await operation())
                done.signal()
            }
        }
        done.wait()
        return box.value
    }
}

/// The operation's result, handed from the task's thread to the caller.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let stored = Mutex<Value?>(nil)

    func set(_ value: Value) {
        stored.withLock { $0 = value }
    }

    var value: Value? {
        stored.withLock { $0 }
    }
}

/// A task executor that runs its jobs, in order, on the one thread that calls `runUntilStopped`.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = Condition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs until `stop()` has been called and none is left.
    func runUntilStopped() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }
}
