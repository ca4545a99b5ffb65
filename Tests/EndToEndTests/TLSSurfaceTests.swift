import Foundation
import TestSupport
import Testing

/// The TLS surface of real servers: mosquitto with tls_version, require_certificate and a plain listener;
/// openssl s_server for TLS 1.0 only, ALPN, SNI-dependent certificates and optional client certificates; a web
/// server. Each situation is named in one finding with its fix, and JSON carries it.
@Suite(.timeLimit(.minutes(10))) struct TLSSurfaceTests {
    static let chains = Harness.testChains
    static func file(_ path: String) -> String { chains.appendingPathComponent(path).path }
    static let healthy = "healthy"

    func probe(
        _ port: UInt16, _ extra: [String], cafile: String = file("healthy/client-ca.crt")
    ) throws -> Harness.Result {
        try Harness.run(
            [
                "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile", cafile, "--timeout", "3",
                "--json",
            ] + extra)
    }

    func tls(_ result: Harness.Result) -> [String: Any] { result.json?["tls"] as? [String: Any] ?? [:] }
    func clientAuth(_ result: Harness.Result) -> [String: Any] { tls(result)["clientAuth"] as? [String: Any] ?? [:] }
    func accepted(_ result: Harness.Result) -> [String] {
        (tls(result)["acceptedVersions"] as? [[String: Any]] ?? []).filter { $0["accepted"] as? Bool == true }
            .compactMap { $0["version"] as? String }
    }

    @Test func requiredClientCertificateMissing() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mtls-required")
        let result = try probe(broker.port, [])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["client_certificate_required", "chain_valid"])
        #expect((result.json?["verdict"] as? [String: Any])?["status"] as? String == "rejected", "no client connects")
        #expect(clientAuth(result)["required"] as? Bool == true)
        #expect(clientAuth(result)["alert"] as? String == "certificate required")
        #expect((result.json?["mqtt"] as? [String: Any])?["status"] as? String == "skipped")
        // TLS 1.2 refuses inside the handshake, with another alert: the same diagnosis.
        let tls12 = try probe(broker.port, ["--tls-version", "1.2-1.2"])
        #expect(tls12.findingIDs.first == "client_certificate_required", "\(tls12.findingIDs) \(tls12.stderr)")
        #expect(tls12.exitCode == 2)
    }

    @Test func requiredClientCertificatePresented() throws {
        let broker = try ServerProcess.mosquitto(scenario: "mtls-required")
        let good = try probe(
            broker.port,
            ["--cert", Self.file("mtls-required/client.crt"), "--key", Self.file("mtls-required/client.key")])
        #expect(good.exitCode == 0, "\(good.findingIDs)")
        #expect(good.findingIDs == ["chain_valid"])
        #expect(clientAuth(good)["presented"] as? Bool == true)
        #expect((good.json?["mqtt"] as? [String: Any])?["status"] as? String == "accepted")

        let stranger = try probe(
            broker.port,
            ["--cert", Self.file("mtls-required/stranger.crt"), "--key", Self.file("mtls-required/stranger.key")])
        #expect(stranger.exitCode == 2)
        #expect(stranger.findingIDs.first == "client_certificate_rejected")
        #expect(clientAuth(stranger)["alert"] as? String == "unknown ca")
        let fix = (stranger.json?["findings"] as? [[String: Any]])?.first?["fix"] as? String ?? ""
        #expect(fix.contains("broker's cafile"), "\(fix)")
        let evidence = (stranger.json?["findings"] as? [[String: Any]])?.first?["evidence"] as? String ?? ""
        #expect(evidence.contains("issued by 'chaindoctor Other Root CA'"), "\(evidence)")
    }

    @Test func optionalClientCertificate() throws {
        let server = try ServerProcess.opensslServer(["-verify", "1", "-CAfile", Self.file("ca/client-root.crt")])
        let result = try probe(server.port, ["--no-mqtt"])
        #expect(result.exitCode == 0, "\(result.findingIDs)")
        #expect(result.findingIDs == ["client_certificate_requested", "chain_valid"])
        #expect(clientAuth(result)["required"] as? Bool == false)
        #expect(
            (clientAuth(result)["acceptableIssuers"] as? [String])?.contains { $0.contains("chaindoctor Client CA") }
                == true)
    }

    @Test func tls11StillAccepted() throws {
        let broker = try ServerProcess.mosquitto(scenario: "tls11")
        let result = try probe(broker.port, [])
        #expect(result.exitCode == 1)
        #expect(result.findingIDs == ["weak_tls_version", "chain_valid"])
        #expect(accepted(result) == ["TLSv1.1", "TLSv1.2", "TLSv1.3"])
        // --quick skips the survey: the finding cannot be made, and nothing pretends it was.
        let quick = try probe(broker.port, ["--quick"])
        #expect(quick.findingIDs == ["chain_valid"])
        #expect(tls(quick)["acceptedVersions"] == nil)
    }

    @Test func tls10OnlyServerSharesNoVersion() throws {
        let server = try ServerProcess.opensslServer(["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"])
        let result = try probe(server.port, [])
        #expect(result.exitCode == 2)
        // The Certificate arrived before the client gave up on the version: the chain is judged too.
        #expect(result.findingIDs == ["no_common_version", "weak_tls_version", "tls13_unsupported", "chain_valid"])
        #expect(accepted(result) == ["TLSv1"])
    }

    /// TLS 1.2 with a client certificate required and none given: the handshake fails, but the server's
    /// Certificate came first, so a broken chain is reported beside the requirement, not hidden behind it.
    @Test func requiredClientCertificateDoesNotHideABrokenChain() throws {
        // No -cert_chain: the certfile's leaf only, as a broker with a leaf-only certfile serves it.
        let server = try ServerProcess.start(executable: try Tools.require("openssl")) { port in
            [
                "s_server", "-accept", "127.0.0.1:\(port)", "-quiet", "-tls1_2", "-Verify", "1",
                "-CAfile", Self.file("ca/client-root.crt"), "-cert", Self.file("leaf-only/broker.crt"),
                "-key", Self.file("leaf-only/broker.key"),
            ]
        }
        let result = try probe(server.port, ["--quick", "--at", ChainScenarioCase.at])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["missing_intermediate", "client_certificate_required"])
        #expect((result.json?["verdict"] as? [String: Any])?["status"] as? String == "rejected")
        #expect((result.json?["presentedChain"] as? [Any])?.count == 1)
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 20)
    }

    /// The same against a real broker: mosquitto with require_certificate and a leaf-only certfile, capped at
    /// TLS 1.2 by OpenSSL's own configuration (mosquitto's tls_version is a minimum), as mosquitto_sub and paho
    /// meet it: they fail with "certificate verify failed", and the report must say why, not only that a client
    /// certificate is required.
    @Test func tls12MosquittoRequiringCertificatesShowsItsBrokenChain() throws {
        let scratch = try TemporaryDirectory("tls12-cap")
        let opensslConf = scratch.file("openssl.cnf")
        try """
        openssl_conf = openssl_init
        [openssl_init]
        ssl_conf = ssl_sect
        [ssl_sect]
        system_default = system_default_sect
        [system_default_sect]
        MaxProtocol = TLSv1.2
        """.write(toFile: opensslConf, atomically: true, encoding: .utf8)
        let template = try String(contentsOfFile: Self.file("mtls-required/mosquitto.conf"), encoding: .utf8)
            .replacingOccurrences(
                of: "cafile @DIR@/broker-ca.crt", with: "cafile \(Self.file("mtls-required/broker-ca.crt"))")
        let broker = try ServerProcess.mosquitto(
            config: template, name: "leaf-only-mtls-tls12", directory: "leaf-only",
            environment: ["OPENSSL_CONF": opensslConf])
        let result = try probe(
            broker.port, ["--at", ChainScenarioCase.at], cafile: Self.file("leaf-only/client-ca.crt"))
        #expect(result.exitCode == 2)
        #expect(result.findingIDs.contains("missing_intermediate"), "\(result.findingIDs)")
        #expect(result.findingIDs.contains("client_certificate_required"), "\(result.findingIDs)")
        #expect((result.json?["verdict"] as? [String: Any])?["status"] as? String == "rejected")
        #expect((result.json?["presentedChain"] as? [Any])?.count == 1)
        // The broker really is capped: no handshake above TLS 1.2 completes (the survey says which it accepts).
        let accepted = accepted(result)
        #expect(!accepted.contains("TLSv1.3"), "\(accepted)")
    }

    @Test func plainMQTTListener() throws {
        let broker = try ServerProcess.mosquitto(scenario: "plain-listener")
        let result = try probe(broker.port, [])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["plain_mqtt_listener"])
        let verdict = result.json?["verdict"] as? [String: Any]
        #expect(verdict?["status"] as? String == "rejected")
        #expect((verdict?["summary"] as? String)?.hasPrefix("REJECTED: a client cannot connect") == true)
    }

    @Test func httpListener() throws {
        let server = try ServerProcess.start(executable: try Tools.require("python3")) { port in
            ["-m", "http.server", "--bind", "127.0.0.1", String(port)]
        }
        let result = try probe(server.port, [])
        #expect(result.exitCode == 2)
        #expect(result.findingIDs == ["http_listener"])
    }

    @Test func alpnSelectedOrRefused() throws {
        let server = try ServerProcess.opensslServer(["-alpn", "mqtt"])
        let selected = try probe(server.port, ["--alpn", "mqtt", "--no-mqtt"])
        #expect(selected.exitCode == 0, "\(selected.findingIDs)")
        #expect((tls(selected)["alpn"] as? [String: Any])?["selected"] as? String == "mqtt")
        let refused = try probe(server.port, ["--alpn", "x-amzn-mqtt-ca", "--no-mqtt"])
        #expect(refused.exitCode == 2)
        #expect(refused.findingIDs.first == "tls_alert")
        let message = (refused.json?["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains("ALPN"), "\(message)")
        #expect(accepted(refused) == ["TLSv1.2", "TLSv1.3"], "the survey offers no ALPN, so the versions still show")
    }

    @Test func certificateDependsOnSNI() throws {
        // Without SNI the server presents the other.example certificate; with SNI broker.test, the healthy one.
        let server = try ServerProcess.opensslServer(
            [
                "-servername", "broker.test", "-cert2", Self.file("healthy/broker.crt"),
                "-key2", Self.file("healthy/broker.key"),
            ], cert: "hostname-mismatch")
        // s_server sends no chain for -cert2: the client trusts the intermediate as well as the root.
        let cafile = NSTemporaryDirectory() + "chaindoctor-sni-\(UUID().uuidString).crt"
        defer { try? FileManager.default.removeItem(atPath: cafile) }
        try
            (String(contentsOfFile: Self.file("ca/root.crt"), encoding: .utf8)
            + String(contentsOfFile: Self.file("ca/intermediate.crt"), encoding: .utf8)).write(
                toFile: cafile, atomically: true, encoding: .utf8)
        let result = try probe(server.port, ["--no-mqtt"], cafile: cafile)
        #expect(result.exitCode == 1, "\(result.findingIDs)")
        #expect(result.findingIDs == ["sni_dependent_certificate", "chain_valid"])
        let oldClient = try probe(server.port, ["--no-mqtt", "--no-sni"], cafile: cafile)
        #expect(oldClient.findingIDs.first == "hostname_mismatch")
        #expect((result.json?["target"] as? [String: Any])?["serverName"] as? String == "broker.test")
        #expect((oldClient.json?["target"] as? [String: Any])?["serverName"] == nil)
    }

    @Test func stapledOCSPResponseIsReported() throws {
        // An OCSP response for the healthy leaf, signed by its issuer, made with `openssl ocsp` for this run.
        let directory = NSTemporaryDirectory() + "chaindoctor-ocsp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let openssl = try Tools.require("openssl")
        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: output, as: UTF8.self)
        }
        let leaf = directory + "/leaf.pem"
        _ = try run(["x509", "-in", Self.file("healthy/broker.crt"), "-out", leaf])
        let serial =
            try run(["x509", "-in", leaf, "-noout", "-serial"]).split(separator: "=").last.map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines)
            } ?? ""
        try "V\t20991231235959Z\t\t\(serial)\tunknown\t/O=chaindoctor test/CN=broker.test\n"
            .write(toFile: directory + "/index.txt", atomically: true, encoding: .utf8)
        let response = directory + "/response.der"
        _ = try run([
            "ocsp", "-index", directory + "/index.txt", "-rsigner", Self.file("ca/intermediate.crt"),
            "-rkey", Self.file("ca/intermediate.key"), "-CA", Self.file("ca/intermediate.crt"),
            "-issuer", Self.file("ca/intermediate.crt"), "-cert", leaf, "-respout", response, "-ndays", "1",
        ])
        try #require(FileManager.default.fileExists(atPath: response), "openssl ocsp made no response")

        let stapling = try ServerProcess.opensslServer(["-status_file", response])
        let stapled = try probe(stapling.port, ["--no-mqtt", "--quick"])
        #expect(
            (tls(stapled)["ocspStaple"] as? String)?.hasPrefix("successful, certificate good") == true,
            "\(tls(stapled))")
        let plain = try ServerProcess.opensslServer([])
        #expect(tls(try probe(plain.port, ["--no-mqtt", "--quick"]))["ocspStaple"] as? String == "none")
    }
}
