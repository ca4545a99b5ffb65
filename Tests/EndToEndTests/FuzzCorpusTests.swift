import Foundation
import TestSupport
import Testing

/// The fuzz targets' seed corpora and every crash input ever found (Tests/Fuzz/corpus, Tests/Fuzz/crashes), replayed
/// through the targets built as plain tools: each input must run to the end, never trap. Tests/Fuzz/run.sh is where
/// the targets run under libFuzzer to find new inputs.
@Suite(.timeLimit(.minutes(10))) struct FuzzCorpusTests {
    @Test(arguments: [
        ("FuzzMQTT", "mqtt"), ("FuzzWebSocket", "websocket"), ("FuzzHandshakeFailure", "handshake"),
        ("FuzzPEM", "pem"),
    ])
    func everySeedAndCrashRunsToTheEnd(tool: String, folder: String) throws {
        let binary = try Harness.binary.deletingLastPathComponent().appendingPathComponent(tool).path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) not built")
        var inputs: [String] = []
        for kind in ["corpus", "crashes"] {
            let directory = TestPaths.packageRoot.appendingPathComponent("Tests/Fuzz/\(kind)/\(folder)").path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            inputs += names.sorted().map { (directory as NSString).appendingPathComponent($0) }
        }
        #expect(inputs.count >= 5, "a seed corpus of a few inputs at least: \(inputs)")
        let (status, output) = try Tools.run(binary, inputs, watchdog: 120)
        #expect(status == 0, "\(tool) stopped on one of its inputs: \(output.suffix(800))")
    }
}
