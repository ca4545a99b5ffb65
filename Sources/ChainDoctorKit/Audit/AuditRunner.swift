import Dispatch
import FoundationSubstitutes
public import Report
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Many probes at once, with one trust store, and the reports in the order the brokers were listed.
public struct AuditRunner: Sendable {
    /// One probe's settings per broker.
    public var probes: [ProbeSettings]
    /// How many probes run at the same time.
    public var concurrency: Int
    public var trust: TrustStoreLoader.Loaded
    public var clock: @Sendable () -> Date
    public var network: any ProbeNetwork
    /// Called as each probe finishes, from the thread that ran it, with the broker's index in `probes`: for output
    /// that streams (`--format jsonl`) and a progress line. Calls may come from several threads at once.
    public var onFinished: (@Sendable (_ index: Int, _ report: ProbeReport) -> Void)?

    public init(
        probes: [ProbeSettings], concurrency: Int, trust: TrustStoreLoader.Loaded,
        clock: @escaping @Sendable () -> Date,
        network: any ProbeNetwork = OpenSSLNetwork()
    ) {
        self.probes = probes
        self.concurrency = max(1, concurrency)
        self.trust = trust
        self.clock = clock
        self.network = network
    }

    public func run() -> AuditReport {
        let startedAt = clock()
        // One thread per slot, each taking the next broker until none is left. A probe mostly waits on the network
        // (blocking reads with a deadline), so Dispatch's global pool, sized for the cores, would keep only a few
        // dozen in flight whatever --concurrency says; threads of our own reach it.
        let reports = Mutex<[Int: ProbeReport]>([:])
        let next = Atomic<Int>(0)
        // Every entry judged at the audit's instant, so that brokers serving the same chain share one judgement.
        // With --all-addresses an entry becomes one probe per address of its name: `groups` keeps which.
        var probes: [ProbeSettings] = []
        var groups: [Range<Int>] = []
        for var settings in self.probes {
            settings.instant = settings.instant ?? startedAt
            let nodes =
                settings.allAddresses ? (try? NodeSweep.expand(settings, network: network)) ?? [settings] : [settings]
            groups.append(probes.count..<probes.count + nodes.count)
            probes += nodes
        }
        let judgements = JudgementCache()
        let (clock, trust, network, onFinished) = (self.clock, self.trust, self.network, self.onFinished)
        let workers = min(concurrency, probes.count)
        let probesToRun = probes
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let started = Threads.start(stackSize: 4 << 20) {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < probesToRun.count else { break }
                    var runner = ProbeRunner(settings: probesToRun[index], clock: clock, trust: trust, network: network)
                    runner.judgements = judgements
                    let report = runner.run()
                    reports.withLock { $0[index] = report }
                    onFinished?(index, report)
                }
                done.leave()
            }
            // The workers already started take the probes this one would have run.
            if !started { done.leave() }
        }
        done.wait()
        var ordered = reports.withLock { collected in probes.indices.compactMap { collected[$0] } }
        for (entry, group) in groups.enumerated() where group.count > 1 && ordered.count == probes.count {
            var nodes = Array(ordered[group])
            NodeSweep.compare(&nodes, name: self.probes[entry].target.host, port: Int(self.probes[entry].target.port))
            ordered.replaceSubrange(group, with: nodes)
        }
        return AuditReport(startedAt: startedAt, finishedAt: clock(), reports: ordered)
    }
}
