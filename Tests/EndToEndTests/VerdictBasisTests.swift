import Foundation
import TestSupport
import Testing

/// `--verdict`: both verdicts are always reported; the basis chooses which sets the status and the exit code. The
/// two TestChains scenarios where OpenSSL and strict clients part, each way round.
@Suite(.timeLimit(.minutes(10))) struct VerdictBasisTests {
    func check(_ scenario: String, cafile: String, _ basis: String?) throws -> Harness.Result {
        try Harness.run(
            [
                "check", TestPaths.scenarioFile(scenario, "broker.crt"), "--cafile",
                TestPaths.scenarioFile(scenario, cafile),
                "--hostname", "broker.test", "--at", ChainScenarioCase.at, "--json",
            ] + (basis.map { ["--verdict", $0] } ?? []))
    }

    func verdict(_ result: Harness.Result) -> (status: String?, exit: Int32, basis: String?) {
        let verdict = result.json?["verdict"] as? [String: Any]
        return (verdict?["status"] as? String, result.exitCode, verdict?["basis"] as? String)
    }

    func strictAccepted(_ result: Harness.Result) -> Bool? {
        (result.json?["strict"] as? [String: Any])?["accepted"] as? Bool
    }

    /// OpenSSL never backtracks; Go and Java find the path through the cross-signed intermediate.
    @Test func onlyOpenSSLClientsFailTheCrossSignedChain() throws {
        let both = try check("cross-signed", cafile: "client-ca-cross.crt", nil)
        #expect(verdict(both) == ("rejected", 2, "both"))
        #expect(strictAccepted(both) == true)
        #expect((both.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 20)
        #expect(both.findingIDs == ["untrusted_root", "alternate_path"])
        let strict = try check("cross-signed", cafile: "client-ca-cross.crt", "strict")
        #expect(verdict(strict) == ("accepted_with_warnings", 1, "strict"))
        #expect(strict.findingIDs == ["untrusted_root", "alternate_path"], "the same findings, as warnings")
        let openssl = try check("cross-signed", cafile: "client-ca-cross.crt", "openssl")
        #expect(verdict(openssl) == ("rejected", 2, "openssl"))
    }

    /// OpenSSL falls back to the subject CN; strict clients do not.
    @Test func onlyStrictClientsFailACNOnlyCertificate() throws {
        let both = try check("cn-only", cafile: "client-ca.crt", nil)
        #expect(verdict(both) == ("rejected", 2, "both"))
        #expect(strictAccepted(both) == false)
        // Go, among the default client families, rejects it in its own words.
        #expect(both.findingIDs == ["cn_only", "client_rejects"])
        let cnOnly = (both.json?["findings"] as? [[String: Any]])?.first
        #expect(cnOnly?["severity"] as? String == "error")
        #expect((cnOnly?["evidence"] as? String)?.contains("OpenSSL clients (mosquitto_sub, paho) connect") == true)
        let openssl = try check("cn-only", cafile: "client-ca.crt", "openssl")
        #expect(verdict(openssl) == ("accepted_with_warnings", 1, "openssl"))
        #expect(strictAccepted(openssl) == false, "the strict verdict is reported whatever the basis")
        let strict = try check("cn-only", cafile: "client-ca.crt", "strict")
        #expect(verdict(strict) == ("rejected", 2, "strict"))
    }

    @Test func anUnknownBasisIsAUsageError() throws {
        let result = try check("healthy", cafile: "client-ca.crt", "browsers")
        #expect(result.exitCode == 3)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
