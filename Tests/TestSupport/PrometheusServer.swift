import Foundation

/// A real Prometheus server (Debian's `prometheus`) on a loopback port, with its configuration and its storage in a
/// temporary directory, for tests that check what Prometheus itself makes of an exporter: it scrapes, relabels
/// and stores, and the test asks its HTTP API. Stopped with the object.
public final class PrometheusServer {
    public let port: UInt16
    private let server: ServerProcess
    private let directory: TemporaryDirectory

    /// Starts Prometheus with `config` as its prometheus.yml, and returns once its API answers.
    public init(config: String) throws {
        let executable = try Tools.require("prometheus")
        directory = try TemporaryDirectory("prometheus")
        let configPath = directory.file("prometheus.yml")
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let storage = directory.file("data")
        server = try ServerProcess.start(executable: executable, listenSeconds: 30) { port in
            [
                "--config.file=\(configPath)", "--storage.tsdb.path=\(storage)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ]
        }
        port = server.port
        let deadline = Date().addingTimeInterval(30)
        while (try? HTTPGet.get(port: port, "/-/ready", seconds: 5))?.status != 200 {
            guard Date() < deadline else { throw TestSupportError("prometheus not ready: \(server.log.suffix(600))") }
            usleep(100_000)
        }
    }

    /// One sample of an instant-query result: its labels and value.
    public struct Sample: Sendable {
        public var labels: [String: String]
        public var value: Double
    }

    /// `/api/v1/query?query=PROMQL`: the instant vector.
    public func query(_ promql: String) throws -> [Sample] {
        let encoded = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promql
        let response = try HTTPGet.get(port: port, "/api/v1/query?query=\(encoded)", seconds: 10)
        guard response.status == 200,
            let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any],
            let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else {
            throw TestSupportError("query \(promql): \(response.status) \(response.body.prefix(400))")
        }
        return result.compactMap { entry in
            guard let labels = entry["metric"] as? [String: String], let pair = entry["value"] as? [Any],
                pair.count == 2, let text = pair[1] as? String, let value = Double(text)
            else { return nil }
            return Sample(labels: labels, value: value)
        }
    }

    /// Asks `promql` until `done` holds of the answer, or fails after `seconds` with the last answer.
    @discardableResult
    public func waitFor(_ promql: String, seconds: Double = 60, until done: ([Sample]) -> Bool) throws -> [Sample] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [Sample] = []
        while Date() < deadline {
            last = (try? query(promql)) ?? []
            if done(last) { return last }
            usleep(250_000)
        }
        throw TestSupportError(
            "\(promql) never as expected in \(seconds) s: \(last.map { "\($0.labels) \($0.value)" }) "
                + "\(server.log.suffix(400))")
    }
}
