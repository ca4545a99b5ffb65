import Dispatch
public import Foundation
public import Report
import Synchronization

/// Many probes at once, with one trust store, and the reports in the order the brokers were listed.
public struct AuditRunner: Sendable {
    /// One probe's settings per broker.
    public var probes: [ProbeSettings]
    /// How many probes run at the same time.
    public var concurrency: Int
    public var trust: TrustStoreLoader.Loaded
    public var clock: @Sendable () -> Date
    public var network: any ProbeNetwork

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
        // A bounded pool: each probe mostly waits on the network, so more run at once than there are cores.
        let reports = Mutex<[Int: ProbeReport]>([:])
        let slots = DispatchSemaphore(value: concurrency)
        let group = DispatchGroup()
        for (index, settings) in probes.enumerated() {
            slots.wait()
            group.enter()
            let runner = ProbeRunner(settings: settings, clock: clock, trust: trust, network: network)
            DispatchQueue.global().async {
                let report = runner.run()
                reports.withLock { $0[index] = report }
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        let ordered = reports.withLock { collected in probes.indices.compactMap { collected[$0] } }
        return AuditReport(startedAt: startedAt, finishedAt: clock(), reports: ordered)
    }
}
