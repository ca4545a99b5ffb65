import Dispatch
import FoundationSubstitutes
import Synchronization

/// Runs swift-certificates' async `Verifier.validate` to completion for the synchronous runners of the CLI.
///
/// The obvious bridge, `Task.detached` plus a semaphore, deadlocks when the caller is itself on Swift's cooperative
/// thread pool (an async test, an async runner): the caller blocks a pool thread waiting for a task that needs a
/// pool thread, and with as many callers as cores (2 here) none is left. So the task runs with a task-executor
/// preference (SE-0417) on an executor that the calling thread itself drives: every job of the task (the
/// `Verifier` and our policies have no actors, so nothing hops away) runs right here, and the call returns when
/// the operation has. Nothing waits on another thread: a thread started per validation cost more than the
/// validation, since an idle second vCPU takes 1 to 3 ms to run it (Benchmarks/README.md).
enum SynchronousBridge {
    static func run<Value: Sendable>(_ operation: @escaping @Sendable () async -> Value) -> Value? {
        let box = ResultBox<Value>()
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            let executor = CallerThreadExecutor()
            Task.detached(executorPreference: executor) {
                box.set(await operation())
                executor.stop()
            }
            executor.runUntilStopped()
        } else {
            // Older Darwin runtimes have no task executors: the plain bridge, safe from non-pool threads only.
            let done = DispatchSemaphore(value: 0)
            Task.detached {
                box.set(await operation())
                done.signal()
            }
            done.wait()
        }
        return box.value
    }
}

/// The operation's result, set by the task and read by the caller once the executor has stopped.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let stored = Mutex<Value?>(nil)

    func set(_ value: Value) {
        stored.withLock { $0 = value }
    }

    var value: Value? {
        stored.withLock { $0 }
    }
}

/// A task executor that runs its jobs, in order, on the one thread that calls `runUntilStopped`: the caller.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private final class CallerThreadExecutor: TaskExecutor, @unchecked Sendable {
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
