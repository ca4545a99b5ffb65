import Glibc
import Report
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The exporter's own metrics, for `/metrics`: probes run by module and result, their duration as a histogram,
/// probes in flight, scrapes refused, requests by status, and the process's memory.
final class ExporterMetrics: Sendable {
    /// Seconds: a healthy loopback probe takes 20 to 100 ms, a tarpit its whole timeout.
    static let durationBuckets: [Double] = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct State {
        var probes: [ProbeKey: Int] = [:]
        var bucketCounts: [Int] = Array(repeating: 0, count: ExporterMetrics.durationBuckets.count)
        var durationSum = 0.0
        var durationCount = 0
        var responses: [Int: Int] = [:]
        var inFlight = 0
    }

    private struct ProbeKey: Hashable {
        var module: String
        var success: Bool
    }

    private let state = Mutex(State())
    private let startTime = Date()

    func probeStarted() { state.withLock { $0.inFlight += 1 } }

    func probeFinished(module: String, success: Bool, seconds: Double) {
        state.withLock { state in
            state.inFlight -= 1
            state.probes[ProbeKey(module: module, success: success), default: 0] += 1
            for (index, bound) in Self.durationBuckets.enumerated() where seconds <= bound {
                state.bucketCounts[index] += 1
            }
            state.durationSum += seconds
            state.durationCount += 1
        }
    }

    func responded(_ status: Int) { state.withLock { $0.responses[status, default: 0] += 1 } }

    var inFlight: Int { state.withLock { $0.inFlight } }

    /// The Prometheus text exposition format (version 0.0.4).
    func render(version: String) -> String {
        let state = self.state.withLock { $0 }
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        family("chaindoctor_exporter_build_info", "gauge", "The exporter's version; the value is always 1.")
        lines.append("chaindoctor_exporter_build_info{version=\"\(version)\"} 1")
        family("chaindoctor_exporter_probes_total", "counter", "Probes run, by module and result.")
        let ordered = state.probes.sorted {
            ($0.key.module, $0.key.success ? 1 : 0) < ($1.key.module, $1.key.success ? 1 : 0)
        }
        for (key, count) in ordered {
            let result = key.success ? "success" : "failure"
            lines.append("chaindoctor_exporter_probes_total{module=\"\(key.module)\",result=\"\(result)\"} \(count)")
        }
        family("chaindoctor_exporter_probe_duration_seconds", "histogram", "How long each probe took.")
        for (index, bound) in Self.durationBuckets.enumerated() {
            lines.append(
                "chaindoctor_exporter_probe_duration_seconds_bucket{le=\"\(PrometheusRenderer.sampleValue(bound))\"} "
                    + "\(state.bucketCounts[index])")
        }
        lines.append("chaindoctor_exporter_probe_duration_seconds_bucket{le=\"+Inf\"} \(state.durationCount)")
        lines.append("chaindoctor_exporter_probe_duration_seconds_sum \(state.durationSum)")
        lines.append("chaindoctor_exporter_probe_duration_seconds_count \(state.durationCount)")
        family("chaindoctor_exporter_probes_in_flight", "gauge", "Probes running now.")
        lines.append("chaindoctor_exporter_probes_in_flight \(state.inFlight)")
        family("chaindoctor_exporter_http_responses_total", "counter", "HTTP responses sent, by status code.")
        for (status, count) in state.responses.sorted(by: { $0.key < $1.key }) {
            lines.append("chaindoctor_exporter_http_responses_total{code=\"\(status)\"} \(count)")
        }
        family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.")
        lines.append(
            "process_start_time_seconds \(PrometheusRenderer.sampleValue(startTime.timeIntervalSince1970.rounded()))")
        if let resident = Self.residentBytes() {
            family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
            lines.append("process_resident_memory_bytes \(resident)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The second field of /proc/self/statm, in pages.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
