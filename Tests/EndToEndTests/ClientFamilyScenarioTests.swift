import Foundation
import TestSupport
import Testing

/// What chaindoctor says each client family does (`--clients`), through the command line and against real
/// mosquitto, held to what the real stacks do: TestChains/client-stacks.md (ClientStackTests runs Go, Java,
/// mbedTLS, BearSSL and wolfSSL on every scenario and keeps it current) less the exceptions
/// TestChains/client-families.md explains (ProfileAgreementTests keeps that current).
@Suite(.timeLimit(.minutes(10))) struct ClientFamilyScenarioTests {
    /// The cells of a markdown table row, split at unescaped bars.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var previous: Character = " "
        for character in line.dropFirst().dropLast() {
            if character == "|" && previous != "\\" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// The real stacks' verdicts per scenario case ("cn-only as broker.test trusting client-ca.crt"), by the
    /// family names the report uses for them.
    static let realVerdicts: [String: [String: Bool]] = {
        let table =
            (try? String(contentsOf: TestPaths.testChains.appendingPathComponent("client-stacks.md"), encoding: .utf8))
            ?? ""
        let section = table.components(separatedBy: "## Corpus").first ?? ""
        let names = ["Go", "Java", "mbedTLS 2.28 (ESP-IDF 4.x)", "BearSSL (ESP8266 Arduino)", "wolfSSL"]
        var verdicts: [String: [String: Bool]] = [:]
        for line in section.split(separator: "\n").map(String.init) where line.hasPrefix("| ") {
            let row = cells(line)
            guard row.count == 4 + 2 * names.count, row[4] == "accept" || row[4] == "reject" else { continue }
            let scenario = row[0].replacingOccurrences(of: " (known gap)", with: "")
            var byName: [String: Bool] = [:]
            for (offset, name) in names.enumerated() { byName[name] = row[4 + 2 * offset] == "accept" }
            verdicts["\(scenario) as \(row[1]) trusting \(row[2])"] = byName
        }
        return verdicts
    }()

    /// (scenario case, family name) pairs the profiles are known to get wrong, with the reason given there.
    static let exceptions: Set<String> = {
        let table =
            (try? String(contentsOf: TestPaths.testChains.appendingPathComponent("client-families.md"), encoding: .utf8))
            ?? ""
        return Set(
            table.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| scenario ") }.map { line in
                let row = cells(line)
                return row[0].replacingOccurrences(of: "scenario ", with: "") + " / " + row[1]
            })
    }()

    @Test(arguments: ChainScenarioCase.loaded)
    func everyFamilyAsItsRealStack(scenario: ChainScenarioCase) throws {
        let key = "\(scenario.scenario) as \(scenario.identity) trusting \(scenario.cafile)"
        let real = try #require(Self.realVerdicts[key], "no row for \(key) in TestChains/client-stacks.md")
        let identity = scenario.isIP ? ["--ip", scenario.identity] : ["--hostname", scenario.identity]
        let result = try Harness.run(
            [
                "check", TestPaths.scenarioFile(scenario.scenario, "broker.crt"), "--cafile",
                TestPaths.scenarioFile(scenario.scenario, scenario.cafile), "--at", ChainScenarioCase.at, "--json",
                "--clients", "all",
            ] + identity)
        let clients = try #require(result.json?["clients"] as? [[String: Any]], "\(result.stdout)")
        #expect(clients.map { $0["family"] as? String } == ["openssl", "go", "java", "mbedtls", "bearssl", "wolfssl"])
        for client in clients {
            let name = client["name"] as? String ?? ""
            let accepted = client["accepted"] as? Bool
            if client["family"] as? String == "openssl" {
                #expect(accepted == (scenario.opensslCode == 0), "OpenSSL on \(key)")
                continue
            }
            guard !Self.exceptions.contains("\(key) / \(name)") else { continue }
            #expect(accepted == real[name], "\(name) on \(key): \(client["prints"] ?? "accepts")")
            if accepted == false {
                #expect((client["prints"] as? String)?.isEmpty == false && (client["fix"] as? String)?.isEmpty == false)
            }
        }
        // The exit code is the worst over the families: any rejection is at least an error.
        if clients.contains(where: { $0["accepted"] as? Bool == false }) { #expect(result.exitCode == 2) }
    }

    func probe(_ scenario: String, cafile: String) throws -> Harness.Result {
        let broker = try ServerProcess.mosquitto(scenario: scenario)
        return try Harness.run([
            "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile(scenario, cafile), "--at", ChainScenarioCase.at, "--timeout", "5", "--json",
            "--no-mqtt", "--quick",
        ])
    }

    func family(_ result: Harness.Result, _ name: String) throws -> [String: Any] {
        let clients = try #require(result.json?["clients"] as? [[String: Any]], "\(result.stdout)")
        return try #require(clients.first { $0["family"] as? String == name }, "no \(name) in \(clients)")
    }

    /// A CN-only certificate: OpenSSL accepts, Go rejects in its own words.
    @Test func cnOnlyOpenSSLAcceptsGoRejects() throws {
        let result = try probe("cn-only", cafile: "client-ca.crt")
        #expect(try family(result, "openssl")["accepted"] as? Bool == true)
        let go = try family(result, "go")
        #expect(go["accepted"] as? Bool == false)
        #expect(go["prints"] as? String == "x509: certificate relies on legacy Common Name field, use SANs instead")
        #expect((go["fix"] as? String)?.contains("subjectAltName DNS:broker.test") == true)
        #expect(result.findingIDs.contains("client_rejects"))
        #expect(result.exitCode == 2)
    }

    /// A cross-signed chain built to defeat OpenSSL's first match: Go and Java accept, OpenSSL clients reject, and
    /// the fix is the reordering.
    @Test func crossSignedGoAndJavaAcceptOpenSSLRejects() throws {
        let result = try probe("cross-signed", cafile: "client-ca-cross.crt")
        #expect(try family(result, "go")["accepted"] as? Bool == true)
        #expect(try family(result, "java")["accepted"] as? Bool == true)
        let openssl = try family(result, "openssl")
        #expect(openssl["accepted"] as? Bool == false)
        #expect((openssl["prints"] as? String)?.contains("unable to get local issuer certificate") == true)
        #expect((openssl["fix"] as? String)?.contains("right after the leaf") == true, "\(openssl)")
        let broker = try ServerProcess.mosquitto(scenario: "cross-signed")
        let text = try Harness.run(
            [
                "probe", "127.0.0.1:\(broker.port)", "--servername", "broker.test", "--cafile",
                TestPaths.scenarioFile("cross-signed", "client-ca-cross.crt"), "--at", ChainScenarioCase.at,
                "--no-mqtt", "--quick",
            ], environment: ["NO_COLOR": "1"])
        #expect(
            text.stdout.contains("Clients (--clients): Go, Java accept; OpenSSL, mbedTLS 2.28 (ESP-IDF 4.x) reject"))
    }

    /// Five certificates of 4096-bit RSA: a Certificate message small devices cannot take, with its size.
    @Test func fiveRSA4096CertificatesAreFlaggedForSmallDevices() throws {
        let directory = try TemporaryDirectory("rsa4096-chain")
        func file(_ name: String) -> String { directory.file(name) }
        let names = ["root", "ca1", "ca2", "ca3", "leaf"]
        for (index, name) in names.enumerated() {
            try BadFileTests.tool("openssl", ["genrsa", "-out", file("\(name).key"), "4096"])
            let isLeaf = name == "leaf"
            let extensions =
                isLeaf
                ? "subjectAltName=DNS:broker.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
                : "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            try extensions.write(toFile: file("\(name).ext"), atomically: true, encoding: .utf8)
            if index == 0 {
                try BadFileTests.tool(
                    "openssl",
                    [
                        "req", "-x509", "-new", "-key", file("root.key"), "-subj", "/CN=RSA4096 Root", "-days", "3650",
                        "-sha256", "-out", file("root.crt"), "-addext", "basicConstraints=critical,CA:TRUE",
                        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    ])
                continue
            }
            let issuer = names[index - 1]
            try BadFileTests.tool(
                "openssl",
                [
                    "req", "-new", "-key", file("\(name).key"), "-subj", "/CN=RSA4096 \(name)", "-out",
                    file("\(name).csr"),
                ])
            try BadFileTests.tool(
                "openssl",
                [
                    "x509", "-req", "-in", file("\(name).csr"), "-CA", file("\(issuer).crt"), "-CAkey",
                    file("\(issuer).key"), "-CAcreateserial", "-days", "3650", "-sha256", "-extfile",
                    file("\(name).ext"),
                    "-out", file("\(name).crt"),
                ])
        }
        let chain = try ["leaf", "ca3", "ca2", "ca1", "root"].map {
            try String(contentsOfFile: file("\($0).crt"), encoding: .utf8)
        }.joined()
        try chain.write(toFile: file("chain.pem"), atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "check", file("chain.pem"), "--cafile", file("root.crt"), "--hostname", "broker.test", "--json",
        ])
        let bytes = try #require(result.json?["certificateMessageBytes"] as? Int)
        #expect(bytes > 6_000 && bytes < 16_384, "five 4096-bit RSA certificates: \(bytes) bytes")
        let findings = try #require(result.json?["findings"] as? [[String: Any]])
        let flagged = try #require(
            findings.first { $0["id"] as? String == "chain_too_large_for_devices" }, "\(findings)")
        #expect((flagged["message"] as? String)?.contains("\(bytes) bytes") == true)
        #expect((flagged["evidence"] as? String)?.contains("CONFIG_MBEDTLS_SSL_IN_CONTENT_LEN") == true)
        #expect(result.exitCode == 1, "a warning: the ESP-IDF default buffer takes it")
    }
}
