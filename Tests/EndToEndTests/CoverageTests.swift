import Foundation
import TestSupport
import Testing

/// Finding ids and options that no other test produced, each against a real server (or, for `check`, real files):
/// alpn_not_selected, mqtt_subscribe_refused, name_constraint_violated, the warning form of leaf_not_for_server_auth,
/// the critical form of key_unreadable; --keepalive, a --tls-version range, check --capath, wss:// lines in an
/// audit file, and the SNI name taken from the host name.
@Suite(.timeLimit(.minutes(10))) struct CoverageTests {
    static func file(_ path: String) -> String { Harness.testChains.appendingPathComponent(path).path }
    static let healthyCA = file("healthy/client-ca.crt")
    static let password = "chaindoctor-test-password"

    func tls(_ result: Harness.Result) -> [String: Any] { result.json?["tls"] as? [String: Any] ?? [:] }
    func mqtt(_ result: Harness.Result) -> [String: Any] { result.json?["mqtt"] as? [String: Any] ?? [:] }
    func pubsub(_ result: Harness.Result) -> [String: Any] { mqtt(result)["pubsub"] as? [String: Any] ?? [:] }
    func findings(_ result: Harness.Result) -> [[String: Any]] {
        result.json?["findings"] as? [[String: Any]] ?? []
    }
    func finding(_ result: Harness.Result, _ id: String) -> [String: Any]? {
        findings(result).first { $0["id"] as? String == id }
    }

    /// A fresh directory in the temporary directory; the caller removes it (`defer`).
    func probe(_ target: String, _ extra: [String], cafile: String = healthyCA) throws -> Harness.Result {
        try Harness.run(["probe", target, "--cafile", cafile, "--timeout", "5", "--json"] + extra)
    }

    // MARK: - finding ids

    @Test func alpnNotSelectedByAServerWithoutALPN() throws {
        let server = try ServerProcess.opensslServer([])
        let result = try probe(
            "127.0.0.1:\(server.port)", ["--servername", "broker.test", "--alpn", "mqtt", "--no-mqtt", "--quick"])
        #expect(result.exitCode == 1, "a warning: \(result.findingIDs) \(result.stderr)")
        #expect(result.findingIDs == ["alpn_not_selected", "chain_valid"])
        #expect(finding(result, "alpn_not_selected")?["severity"] as? String == "warning")
        let alpn = tls(result)["alpn"] as? [String: Any]
        #expect(alpn?["offered"] as? [String] == ["mqtt"])
        #expect(alpn?["selected"] == nil)
        // Offering nothing, there is nothing to select.
        let none = try probe("127.0.0.1:\(server.port)", ["--servername", "broker.test", "--no-mqtt", "--quick"])
        #expect(none.findingIDs == ["chain_valid"])
    }

    /// mosquitto 2.0.11's acl_file never refuses a subscription: it grants it (SUBACK 1 for QoS 1) and drops what
    /// the ACL denies at delivery. Its dynamic-security plugin does refuse: SUBACK 0x80 in MQTT 3.1.1, 0x87 in 5.
    @Test func subscriptionRefusedByMosquittosACL() throws {
        let scratch = try TemporaryDirectory("dynsec")
        let directory = scratch.path
        let passwordFile = directory + "/password"
        try (Self.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let credentials = [
            "--servername", "broker.test", "--quick", "--username", "probe", "--password-file", passwordFile,
        ]
        let cafile = Self.file("mqtt-auth/client-ca.crt")

        // The mqtt-auth scenario as committed (acl_file): the denied subscription is granted, the publish dropped.
        let aclFile = try ServerProcess.mosquitto(scenario: "mqtt-auth")
        let granted = try probe(
            "127.0.0.1:\(aclFile.port)", credentials + ["--pubsub", "chaindoctor/denied/probe"], cafile: cafile)
        #expect(granted.findingIDs == ["mqtt_publish_not_delivered", "chain_valid"], "\(granted.stderr)")
        #expect(pubsub(granted)["subscribed"] as? Bool == true)
        #expect((pubsub(granted)["subscribeResult"] as? String)?.contains("0x01") == true, "\(pubsub(granted))")
        #expect(pubsub(granted)["received"] as? Bool == false)

        // The same user, password and allowed topic through the dynamic-security plugin, whose default denies
        // subscriptions.
        let dynsec = directory + "/dynamic-security.json"
        try Tools.mustRun("mosquitto_ctrl", ["dynsec", "init", dynsec, "probe", Self.password])
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dynsec))) as? [String: Any])
        var clients = try #require(document["clients"] as? [[String: Any]])
        clients[0]["roles"] = [["rolename": "probe"]]
        document["clients"] = clients
        document["roles"] = [
            [
                "rolename": "probe",
                "acls": ["publishClientSend", "publishClientReceive", "subscribePattern"].map {
                    ["acltype": $0, "topic": "chaindoctor/allowed/#", "allow": true]
                },
            ]
        ]
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: dynsec))
        let plugin = try Self.dynamicSecurityPlugin()
        let template = try String(contentsOfFile: Self.file("mqtt-auth/mosquitto.conf"), encoding: .utf8)
        let config = template.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix("acl_file ") { return nil }
            if line.hasPrefix("password_file ") { return "plugin \(plugin)\nplugin_opt_config_file \(dynsec)" }
            return String(line)
        }.joined(separator: "\n")
        let broker = try ServerProcess.mosquitto(config: config, name: "mqtt-auth-dynsec", directory: "mqtt-auth")

        let allowed = try probe(
            "127.0.0.1:\(broker.port)", credentials + ["--pubsub", "chaindoctor/allowed/probe"], cafile: cafile)
        #expect(allowed.exitCode == 0, "the plugin lets the allowed topic through: \(allowed.findingIDs)")
        #expect(pubsub(allowed)["received"] as? Bool == true)

        let refused = try probe(
            "127.0.0.1:\(broker.port)", credentials + ["--pubsub", "chaindoctor/denied/probe"], cafile: cafile)
        #expect(refused.exitCode == 2)
        #expect(refused.findingIDs.first == "mqtt_subscribe_refused", "\(refused.findingIDs) \(refused.stderr)")
        #expect(finding(refused, "mqtt_subscribe_refused")?["severity"] as? String == "error")
        #expect(pubsub(refused)["subscribed"] as? Bool == false)
        #expect((pubsub(refused)["subscribeResult"] as? String)?.contains("0x80") == true, "\(pubsub(refused))")

        let refusedV5 = try probe(
            "127.0.0.1:\(broker.port)", credentials + ["--pubsub", "chaindoctor/denied/probe", "--mqtt-version", "5"],
            cafile: cafile)
        #expect(refusedV5.findingIDs.first == "mqtt_subscribe_refused", "\(refusedV5.findingIDs)")
        #expect(
            (pubsub(refusedV5)["subscribeResult"] as? String)?.contains("0x87") == true, "\(pubsub(refusedV5))")
    }

    /// Debian's mosquitto package ships the dynamic-security plugin beside libmosquitto.
    static func dynamicSecurityPlugin() throws -> String {
        let candidates =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? []).sorted()
            .map { "/usr/lib/\($0)/mosquitto_dynamic_security.so" } + ["/usr/lib/mosquitto_dynamic_security.so"]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TestSupportError(
                "mosquitto_dynamic_security.so is not installed (Debian's mosquitto package ships it)")
        }
        return found
    }

    /// A chain OpenSSL rejects (47, a name outside the intermediate's permitted subtree) and the analyzer alone
    /// accepts (it has no name-constraints rule: the known gap in TestChains/name-constraints/expected.json): the
    /// strict verdict names the rule, so the report explains OpenSSL's refusal instead of a "verdict disagreement".
    @Test func aViolatedNameConstraintIsExplainedByTheStrictVerdict() throws {
        let gap = try #require(try KnownGapCase.all().first { $0.scenario == "name-constraints" })
        let result = try Harness.run([
            "check", Self.file("name-constraints/broker.crt"), "--key", Self.file("name-constraints/broker.key"),
            "--cafile", Self.file("name-constraints/\(gap.cafile)"), "--hostname", gap.identity,
            "--at", ChainScenarioCase.at, "--json",
        ])
        #expect(result.findingIDs == gap.findings)
        #expect(!result.findingIDs.contains("verdict_disagreement"))
        #expect(result.exitCode == 2)
        #expect((result.json?["verdict"] as? [String: Any])?["status"] as? String == "rejected")
        let openssl = result.json?["openssl"] as? [String: Any]
        #expect(openssl?["verifyCode"] as? Int == Int(gap.opensslCode))
        #expect(openssl?["verifyError"] as? String == "permitted subtree violation")
        let strict = result.json?["strict"] as? [String: Any]
        #expect(strict?["accepted"] as? Bool == false)
        #expect(
            ((strict?["rejections"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "name_constraints" }
        )
        let violation = finding(result, "name_constraint_violated")
        #expect(violation?["severity"] as? String == "critical", "both verdicts refuse it")
        #expect((violation?["message"] as? String)?.hasPrefix("Strict clients") == true)

        // A probe of mosquitto serving it says the same, and withholds the MQTT step as OpenSSL clients fail.
        let broker = try ServerProcess.mosquitto(scenario: "name-constraints")
        let probed = try probe(
            "127.0.0.1:\(broker.port)",
            ["--servername", gap.identity, "--quick", "--at", ChainScenarioCase.at],
            cafile: Self.file("name-constraints/\(gap.cafile)"))
        #expect(probed.findingIDs == ["name_constraint_violated", "mqtt_withheld"], "\(probed.stderr)")
        #expect((probed.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == Int(gap.opensslCode))
        #expect(probed.exitCode == 2)
    }

    /// keyUsage keyEncipherment without digitalSignature: OpenSSL's ssl_server purpose accepts it, TLS 1.3 and
    /// ECDHE cannot use it. Issued for this run by the test intermediate, for the healthy leaf's key.
    @Test func leafWithoutDigitalSignatureIsAWarning() throws {
        let scratch = try TemporaryDirectory("keyusage")
        let directory = scratch.path
        try """
        [ leaf ]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, keyEncipherment
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:broker.test
        """.write(toFile: directory + "/ext.cnf", atomically: true, encoding: .utf8)
        try Tools.mustRun(
            "openssl",
            [
                "req", "-new", "-key", Self.file("healthy/broker.key"), "-subj", "/O=chaindoctor test/CN=broker.test",
                "-out", directory + "/leaf.csr",
            ])
        try Tools.mustRun(
            "openssl",
            [
                "x509", "-req", "-in", directory + "/leaf.csr", "-CA", Self.file("ca/intermediate.crt"),
                "-CAkey", Self.file("ca/intermediate.key"), "-set_serial", "0x4b55", "-days", "3650",
                "-extfile", directory + "/ext.cnf", "-extensions", "leaf", "-out", directory + "/leaf.crt",
            ])
        let certfile = directory + "/broker.crt"
        try
            (String(contentsOfFile: directory + "/leaf.crt", encoding: .utf8)
            + String(contentsOfFile: Self.file("ca/intermediate.crt"), encoding: .utf8))
            .write(toFile: certfile, atomically: true, encoding: .utf8)

        let result = try Harness.run([
            "check", certfile, "--key", Self.file("healthy/broker.key"), "--cafile", Self.healthyCA,
            "--hostname", "broker.test", "--json",
        ])
        #expect(result.findingIDs == ["leaf_not_for_server_auth"], "\(result.stderr)")
        let usage = finding(result, "leaf_not_for_server_auth")
        #expect(usage?["severity"] as? String == "warning")
        #expect((usage?["message"] as? String)?.contains("lacks digitalSignature") == true, "\(usage ?? [:])")
        #expect(result.exitCode == 1)
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0, "OpenSSL accepts it")
    }

    @Test func keyFileThatIsNotAKeyIsCritical() throws {
        let scratch = try TemporaryDirectory("junk-key")
        let directory = scratch.path
        let junk = directory + "/broker.key"
        try "this is not a private key\n".write(toFile: junk, atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "check", Self.file("healthy/broker.crt"), "--key", junk, "--cafile", Self.healthyCA,
            "--hostname", "broker.test", "--json",
        ])
        #expect(result.findingIDs == ["key_unreadable", "chain_valid"])
        #expect(finding(result, "key_unreadable")?["severity"] as? String == "critical")
        #expect((finding(result, "key_unreadable")?["message"] as? String)?.contains(junk) == true)
        #expect(result.exitCode == 2)
    }

    // MARK: - options

    /// mosquitto with `log_type all` logs each CONNECT's protocol, clean-session flag and keep-alive:
    /// "as CLIENTID (p2, c1, k42)". It writes that line (and flushes its log file) before it sends the CONNACK,
    /// so once the probe has its CONNACK the line is there.
    @Test func keepaliveReachesTheBroker() throws {
        let scratch = try TemporaryDirectory("keepalive")
        let directory = scratch.path
        let log = directory + "/mosquitto.log"
        let template = try String(contentsOfFile: Self.file("healthy/mosquitto.conf"), encoding: .utf8)
        let config =
            template.replacingOccurrences(of: "log_dest stdout", with: "log_dest file \(log)") + "\nlog_type all\n"
        let broker = try ServerProcess.mosquitto(config: config, name: "healthy-keepalive", directory: "healthy")
        for (arguments, clientID, logged) in [
            (["--keepalive", "42"], "chaindoctor-keepalive-42", "k42"),
            ([], "chaindoctor-keepalive-default", "k30"),
        ] {
            let result = try probe(
                "127.0.0.1:\(broker.port)",
                ["--servername", "broker.test", "--quick", "--client-id", clientID] + arguments)
            #expect(mqtt(result)["status"] as? String == "accepted", "\(result.stderr)")
            let text = try String(contentsOfFile: log, encoding: .utf8)
            let line = text.split(separator: "\n").first { $0.contains(" as \(clientID) (") }
            #expect(
                line?.contains("(p2, c1, \(logged))") == true, "\(line ?? "no CONNECT logged"): \(text.suffix(600))")
        }
    }

    @Test func tlsVersionRange() throws {
        // tls11 accepts TLS 1.1, 1.2 and 1.3: the client's range decides what is negotiated. A single version is a
        // minimum, as for mosquitto_sub; TLS 1.1 is not used at OpenSSL's default security level.
        let broker = try ServerProcess.mosquitto(scenario: "tls11")
        for (range, negotiated) in [
            ("1.2-1.3", "TLSv1.3"), ("1.1-1.2", "TLSv1.2"), ("tlsv1.1", "TLSv1.3"), ("tlsv1.2-tlsv1.2", "TLSv1.2"),
        ] {
            let result = try probe(
                "127.0.0.1:\(broker.port)", ["--servername", "broker.test", "--quick", "--tls-version", range])
            #expect(tls(result)["version"] as? String == negotiated, "\(range): \(result.findingIDs) \(result.stderr)")
            #expect(result.findingIDs == ["chain_valid"], "\(range)")
        }
        // The low end holds too: a server that speaks only TLS 1.1 shares nothing with 1.2-1.3.
        let tls11Only = try ServerProcess.opensslServer(["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"])
        let refused = try probe(
            "127.0.0.1:\(tls11Only.port)", ["--servername", "broker.test", "--quick", "--tls-version", "1.2-1.3"])
        #expect(refused.exitCode == 2)
        #expect(tls(refused)["version"] == nil, "\(tls(refused))")
        // Offering TLS 1.1 is not enough at OpenSSL 3's default security level, for chaindoctor as for
        // mosquitto_sub; @SECLEVEL=0 in --ciphers (mosquitto_sub's option) is what lets it through.
        // The survey (no --quick) tells why: the broker accepts only TLS 1.1, the client can use 1.2 and 1.3.
        let offered = try probe(
            "127.0.0.1:\(tls11Only.port)", ["--servername", "broker.test", "--no-mqtt", "--tls-version", "1.1-1.3"])
        #expect(offered.exitCode == 2)
        #expect((offered.json?["verdict"] as? [String: Any])?["status"] as? String == "rejected")
        #expect(offered.findingIDs.contains("no_common_version"), "\(offered.findingIDs) \(offered.stderr)")
        #expect(
            (finding(offered, "no_common_version")?["fix"] as? String)?.hasPrefix("Allow TLS 1.2 and 1.3 on the broker")
                == true)
        let lowered = try probe(
            "127.0.0.1:\(tls11Only.port)",
            [
                "--servername", "broker.test", "--quick", "--no-mqtt", "--tls-version", "1.1-1.3", "--ciphers",
                "DEFAULT:@SECLEVEL=0",
            ])
        #expect(tls(lowered)["version"] as? String == "TLSv1.1", "\(lowered.findingIDs) \(lowered.stderr)")
        // A range the wrong way round is refused before anything is dialled.
        let backwards = try Harness.run(["probe", "127.0.0.1:\(tls11Only.port)", "--tls-version", "1.3-1.2"])
        #expect(backwards.exitCode == 3)
        #expect(backwards.stderr.contains("--tls-version '1.3-1.2'"), "\(backwards.stderr)")
    }

    /// `--tls-version tlsv1.2` means what it means to mosquitto_sub: TLS 1.2 or newer. Against a listener that
    /// speaks only TLS 1.3, both connect.
    @Test func tlsVersionIsAMinimumAsForMosquittoSub() throws {
        let template = try String(contentsOfFile: Self.file("healthy/mosquitto.conf"), encoding: .utf8)
            .replacingOccurrences(of: "tls_version tlsv1.2", with: "tls_version tlsv1.3")
        let broker = try ServerProcess.mosquitto(config: template, name: "healthy-tls13", directory: "healthy")
        let result = try probe(
            "127.0.0.1:\(broker.port)", ["--servername", "broker.test", "--quick", "--tls-version", "tlsv1.2"])
        #expect(result.exitCode == 0, "\(result.findingIDs) \(result.stderr)")
        #expect(tls(result)["version"] as? String == "TLSv1.3")
        #expect(mqtt(result)["status"] as? String == "accepted")
        let sub = try Tools.run(
            "mosquitto_sub",
            [
                "-h", "127.0.0.1", "-p", String(broker.port), "--cafile", Self.healthyCA, "--tls-version", "tlsv1.2",
                "--insecure", "-t", "chaindoctor/minimum", "-E",
            ])
        #expect(sub.status == 0, "mosquitto_sub connects too: \(sub.output)")
        // An exact 1.2 is refused by this listener, and the fix leads with the client moving up.
        let exact = try probe(
            "127.0.0.1:\(broker.port)", ["--servername", "broker.test", "--tls-version", "1.2-1.2", "--no-mqtt"])
        #expect(exact.findingIDs.first == "no_common_version", "\(exact.findingIDs)")
        #expect(
            (finding(exact, "no_common_version")?["fix"] as? String)?.hasPrefix("Let the client offer TLS 1.3") == true)
    }

    @Test func checkWithAHashedCADirectory() throws {
        let scratchHashed = try TemporaryDirectory("capath")
        let hashed = scratchHashed.path
        try FileManager.default.copyItem(atPath: Self.healthyCA, toPath: hashed + "/client-ca.pem")
        try Tools.mustRun("openssl", ["rehash", hashed])
        let names = try FileManager.default.contentsOfDirectory(atPath: hashed)
        #expect(names.contains { $0.hasSuffix(".0") }, "openssl rehash made the hash link: \(names)")

        let arguments = ["check", Self.file("healthy/broker.crt"), "--hostname", "broker.test", "--json"]
        let trusted = try Harness.run(arguments + ["--capath", hashed])
        #expect(trusted.exitCode == 0, "\(trusted.findingIDs) \(trusted.stderr)")
        #expect(trusted.findingIDs == ["chain_valid"])
        let store = trusted.json?["trustStore"] as? [String: Any]
        #expect(store?["kind"] as? String == "capath")
        #expect(store?["path"] as? String == hashed)
        #expect(store?["anchorCount"] as? Int == 1, "the link and its file are one certificate")
        #expect((trusted.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)

        // A hashed directory of another root: the same chain is not trusted, by either verdict.
        let scratchOther = try TemporaryDirectory("capath-other")
        let other = scratchOther.path
        try FileManager.default.copyItem(
            atPath: Self.file("untrusted-root/client-ca.crt"), toPath: other + "/client-ca.pem")
        try Tools.mustRun("openssl", ["rehash", other])
        let untrusted = try Harness.run(arguments + ["--capath", other])
        #expect(untrusted.findingIDs == ["untrusted_root"])
        #expect((untrusted.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 20)
        #expect(untrusted.exitCode == 2)
    }

    /// A hashed directory is read as OpenSSL's lookup reads it, by the hash of the name wanted: a CA filed under
    /// another name is not trusted (both verdicts reject, where reading every file made the strict verdict accept,
    /// and `capath_not_rehashed` says where it is and what to run),
    /// and a CA found by name leads to its own issuer's name (a leaf-only certfile verifies through an intermediate
    /// and a root that sit in the directory).
    @Test func hashedDirectoryIsReadByNameAsOpenSSLReadsIt() throws {
        let arguments = ["check", "--hostname", "broker.test", "--json"]
        let stale = try TemporaryDirectory("capath-stale")
        try FileManager.default.copyItem(atPath: Self.healthyCA, toPath: stale.file("00000000.0"))
        let result = try Harness.run(arguments + [Self.file("healthy/broker.crt"), "--capath", stale.path])
        #expect(result.findingIDs == ["untrusted_root", "capath_not_rehashed"], "\(result.stderr)")
        #expect((result.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 20)
        #expect((result.json?["strict"] as? [String: Any])?["accepted"] as? Bool == false)
        let evidence = finding(result, "untrusted_root")?["evidence"] as? String ?? ""
        #expect(evidence.contains("1 certificate under hashed names, none under the names"), "\(evidence)")
        // The CA is there under another name: the finding names the file and the name OpenSSL looks for (its
        // subject hash as `openssl x509 -subject_hash` prints it), and, since openssl rehash skips a file named
        // like a hash, says to rename it first.
        let hash = try Tools.run("openssl", ["x509", "-subject_hash", "-noout", "-in", Self.healthyCA]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let misfiled = try #require(finding(result, "capath_not_rehashed"))
        #expect(misfiled["severity"] as? String == "error")
        #expect((misfiled["evidence"] as? String ?? "").contains("in 00000000.0 (its hash name: \(hash).0)"))
        #expect((misfiled["fix"] as? String ?? "").hasPrefix("Rename 00000000.0 to a name that is not a hash"))

        // The usual case: a CA added beside the others and the directory not rehashed since. The fix is the command
        // alone, and once it is run both verdicts trust the chain.
        let added = try TemporaryDirectory("capath-added")
        try FileManager.default.copyItem(
            atPath: Self.file("untrusted-root/client-ca.crt"), toPath: added.file("other.pem"))
        try Tools.mustRun("openssl", ["rehash", added.path])
        try FileManager.default.copyItem(atPath: Self.healthyCA, toPath: added.file("new-root.pem"))
        let before = try Harness.run(arguments + [Self.file("healthy/broker.crt"), "--capath", added.path])
        #expect(before.findingIDs == ["untrusted_root", "capath_not_rehashed"], "\(before.stderr)")
        let fix = finding(before, "capath_not_rehashed")?["fix"] as? String ?? ""
        #expect(fix.hasPrefix("Run 'openssl rehash \(added.path)'"), "\(fix)")
        #expect((finding(before, "capath_not_rehashed")?["evidence"] as? String ?? "").contains("in new-root.pem"))
        try Tools.mustRun("openssl", ["rehash", added.path])
        let after = try Harness.run(arguments + [Self.file("healthy/broker.crt"), "--capath", added.path])
        #expect(after.findingIDs == ["chain_valid"], "\(after.stderr)")

        let both = try TemporaryDirectory("capath-transitive")
        try FileManager.default.copyItem(atPath: Self.healthyCA, toPath: both.file("root.pem"))
        try FileManager.default.copyItem(atPath: Self.file("ca/intermediate.crt"), toPath: both.file("int.pem"))
        try Tools.mustRun("openssl", ["rehash", both.path])
        let leafOnly = try Harness.run(arguments + [Self.file("leaf-only/broker.crt"), "--capath", both.path])
        #expect(leafOnly.findingIDs == ["chain_valid"], "\(leafOnly.stderr)")
        #expect((leafOnly.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 0)
        #expect((leafOnly.json?["trustStore"] as? [String: Any])?["anchorCount"] as? Int == 2)
    }

    /// A --capath that was never hashed is what OpenSSL clients trust nothing in: said in one line, with the fix,
    /// rather than judged with certificates no OpenSSL client would find.
    @Test func capathWithoutHashedNamesIsRefusedWithTheFix() throws {
        let scratch = try TemporaryDirectory("capath-unhashed")
        try FileManager.default.copyItem(atPath: Self.healthyCA, toPath: scratch.file("client-ca.pem"))
        let result = try Harness.run(
            ["check", Self.file("healthy/broker.crt"), "--hostname", "broker.test", "--capath", scratch.path])
        #expect(result.exitCode == 3)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("openssl rehash \(scratch.path)"), "\(result.stderr)")
    }

    @Test func auditFileWithWebSocketLines() throws {
        let amqtt = try ServerProcess.amqtt()
        let paths = try ServerProcess.webSocketPathServer()
        let scratch = try TemporaryDirectory("audit-wss")
        let directory = scratch.path
        let brokers = directory + "/brokers.txt"
        try [
            "# MQTT over WebSockets", "wss://127.0.0.1:\(amqtt.port)/mqtt broker.test",
            "wss://127.0.0.1:\(paths.port)/ broker.test", "wss://127.0.0.1:\(paths.port)/mqtt broker.test",
        ].joined(separator: "\n").write(toFile: brokers, atomically: true, encoding: .utf8)

        let result = try Harness.run([
            "audit", brokers, "--cafile", Self.healthyCA, "--quick", "--timeout", "5", "--json",
        ])
        #expect(result.exitCode == 2, "the wrong path is rejected: \(result.stderr)")
        let results = try #require(result.json?["results"] as? [[String: Any]], "\(result.stdout.prefix(300))")
        try #require(results.count == 3)
        let transports = results.map { ($0["mqtt"] as? [String: Any])?["transport"] as? String }
        #expect(transports == ["websocket", "websocket", "websocket"])
        let statuses = results.map { ($0["mqtt"] as? [String: Any])?["status"] as? String }
        #expect(statuses[0] == "accepted" && statuses[2] == "accepted", "\(statuses)")
        let ids = results.map { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        #expect(ids[1].first == "mqtt_no_connack", "the path of the line is the path asked for: \(ids[1])")
        #expect(!ids[2].contains("mqtt_no_connack"), "\(ids[2])")
        let serverNames = results.map { ($0["target"] as? [String: Any])?["serverName"] as? String }
        #expect(serverNames == ["broker.test", "broker.test", "broker.test"])
        let requestPaths = results.map { ($0["target"] as? [String: Any])?["webSocketPath"] as? String }
        #expect(requestPaths == ["/mqtt", "/", "/mqtt"])
        // The text audit tells the two paths on one host apart.
        let text = try Harness.run(
            ["audit", brokers, "--cafile", Self.healthyCA, "--quick", "--timeout", "5"], environment: ["NO_COLOR": "1"])
        #expect(text.stdout.contains("wss://127.0.0.1:\(paths.port)/ "), "\(text.stdout)")
        #expect(text.stdout.contains("wss://127.0.0.1:\(paths.port)/mqtt "), "\(text.stdout)")
        // Each line's own verdict: no CONNACK at the wrong path means no client gets through.
        let exitCodes = results.map { ($0["verdict"] as? [String: Any])?["exitCode"] as? Int }
        #expect(exitCodes == [0, 2, 0])
        let verdicts = results.map { ($0["verdict"] as? [String: Any])?["status"] as? String }
        #expect(verdicts == ["accepted", "rejected", "accepted"])
        #expect((result.json?["summary"] as? [String: Any])?["rejected"] as? Int == 1)
        #expect((result.json?["summary"] as? [String: Any])?["brokers"] as? Int == 3)
    }

    /// Without --servername the host name is the SNI name and the name the leaf is checked against.
    @Test func serverNameIsTheHostName() throws {
        // The healthy leaf names localhost: accepted, with SNI localhost.
        let healthy = try ServerProcess.mosquitto(scenario: "healthy")
        let accepted = try probe("localhost:\(healthy.port)", ["--quick"])
        #expect(accepted.exitCode == 0, "\(accepted.findingIDs) \(accepted.stderr)")
        #expect((accepted.json?["target"] as? [String: Any])?["serverName"] as? String == "localhost")
        #expect((tls(accepted)["sni"] as? [String: Any])?["sent"] as? String == "localhost")
        #expect(accepted.findingIDs == ["chain_valid"])

        // A leaf that names only other.example is checked against localhost, and fails.
        let mismatch = try ServerProcess.mosquitto(scenario: "hostname-mismatch")
        let rejected = try probe(
            "localhost:\(mismatch.port)", ["--quick"], cafile: Self.file("hostname-mismatch/client-ca.crt"))
        #expect(rejected.findingIDs == ["hostname_mismatch", "mqtt_withheld"])
        #expect((finding(rejected, "hostname_mismatch")?["message"] as? String)?.contains("localhost") == true)
        #expect((rejected.json?["openssl"] as? [String: Any])?["verifyCode"] as? Int == 62)
        #expect((rejected.json?["target"] as? [String: Any])?["serverName"] as? String == "localhost")

        // On the wire: a server that presents the healthy leaf only to SNI localhost (other.example otherwise).
        let server = try ServerProcess.opensslServer(
            [
                "-servername", "localhost", "-cert2", Self.file("healthy/broker.crt"),
                "-key2", Self.file("healthy/broker.key"),
            ], cert: "hostname-mismatch")
        // s_server sends no chain for -cert2: the client trusts the intermediate as well as the root.
        let scratchSNI = try TemporaryDirectory("sni-host")
        let cafile = scratchSNI.file("ca.crt")
        try
            (String(contentsOfFile: Self.file("ca/root.crt"), encoding: .utf8)
            + String(contentsOfFile: Self.file("ca/intermediate.crt"), encoding: .utf8))
            .write(toFile: cafile, atomically: true, encoding: .utf8)
        let onTheWire = try probe("localhost:\(server.port)", ["--quick", "--no-mqtt"], cafile: cafile)
        #expect(onTheWire.findingIDs == ["chain_valid"], "\(onTheWire.stderr)")
        let withoutSNI = try probe("localhost:\(server.port)", ["--quick", "--no-mqtt", "--no-sni"], cafile: cafile)
        #expect(withoutSNI.findingIDs.first == "hostname_mismatch", "without SNI the other certificate comes")
    }
}
