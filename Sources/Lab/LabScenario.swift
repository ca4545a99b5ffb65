import ChainDiagnostics
import FoundationSubstitutes
import TLSProbe

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One broken broker of the lab: a TestChains scenario, served as its mosquitto.conf says (the certfile exactly as
/// written, the client-certificate requirement, the TLS versions and ciphers, anonymous access), with what it
/// teaches: what is wrong, and what a correct client must do.
public struct LabScenario: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case tls(
            certificateFile: String, keyFile: String, clientCAFile: String?, minimumVersion: String?, ciphers: String?)
        /// MQTT without TLS (a listener with no certfile).
        case plain
        /// An HTTP server where a broker was expected (a port mixed up with a web server's).
        case http
        /// A port that accepts the connection and never says anything (a firewall, a hung broker).
        case silent
    }

    public var name: String
    public var transport: Transport
    /// `allow_anonymous false`: a CONNECT without a user name is refused (return code 5).
    public var requiresUsername: Bool
    /// The scenario's README line: what is wrong and what a client sees.
    public var lesson: String
    /// The CA file a client should trust for this scenario (`client-ca.crt`).
    public var clientCAFile: String
    /// The name a client dials.
    public var identity: String
    /// OpenSSL's verify code for a client that trusts `clientCAFile` and dials `identity`, now (0: it connects);
    /// nil when the scenario is about something other than the chain. Judged by OpenSSL itself on the real clock,
    /// so that a certificate that has expired since the fixtures were made (expiring-soon) is told as it is.
    public var opensslCode: Int32?

    /// What a correct client does, in one line.
    public var expectation: String {
        if let opensslCode {
            let dial = identity == "broker.test" ? "" : " as \(identity)"
            return opensslCode == 0
                ? "connect\(dial)"
                : "reject\(dial): verify error \(opensslCode) (\(OpenSSLVerdict.text(forCode: opensslCode)))"
        }
        switch transport {
        case .plain: return "a TLS client fails (no TLS here); a plain MQTT client connects"
        case .http: return "a TLS client fails: the port speaks HTTP"
        case .silent: return "a client gives up at its own timeout: nothing ever answers"
        case .tls(_, _, let clientCA, let minimum, _):
            if clientCA != nil { return "reject without a client certificate (alert certificate required)" }
            if requiresUsername { return "connect; an anonymous CONNECT gets CONNACK 5 (not authorized)" }
            if minimum == "tlsv1.1" { return "connect (the broker also accepts TLS 1.1)" }
            return "connect"
        }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every scenario under `chains` that a broker serves (a folder with a mosquitto.conf), by name.
    public static func catalog(in chains: URL, at instant: Date = Date()) throws -> [LabScenario] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: chains.path).sorted()
        } catch {
            throw LoadError(description: "\(chains.path): not a TestChains directory (\(error))")
        }
        let scenarios = names.compactMap { name -> LabScenario? in
            let folder = chains.appendingPathComponent(name)
            guard let config = try? String(contentsOf: folder.appendingPathComponent("mosquitto.conf"), encoding: .utf8)
            else { return nil }
            return LabScenario(name: name, folder: folder, config: config, at: instant)
        }
        guard !scenarios.isEmpty else {
            throw LoadError(description: "\(chains.path): no scenario folder with a mosquitto.conf")
        }
        return scenarios + [
            LabScenario(
                name: "http-listener", transport: .http,
                lesson: "an HTTP server answers where the client expected MQTT over TLS (the broker's port confused "
                    + "with a web server's, or a proxy in the way)"),
            LabScenario(
                name: "silent-port", transport: .silent,
                lesson: "the port accepts TCP and then says nothing (a firewall that drops, a hung broker); only the "
                    + "client's own timeout ends the wait"),
        ]
    }

    /// A scenario of the lab's own, not a TestChains folder.
    init(name: String, transport: Transport, lesson: String) {
        self.name = name
        self.transport = transport
        requiresUsername = false
        self.lesson = name + ": " + lesson
        clientCAFile = ""
        identity = "broker.test"
        opensslCode = nil
    }

    /// From the scenario's mosquitto.conf (@DIR@ is the folder), README and expected.json.
    init(name: String, folder: URL, config: String, at instant: Date) {
        var settings: [String: String] = [:]
        for line in config.split(separator: "\n") {
            let trimmed = line.trimming(.whitespaces)
            guard !trimmed.hasPrefix("#"), let space = trimmed.firstIndex(of: " ") else { continue }
            settings[String(trimmed[..<space])] = trimmed[trimmed.index(after: space)...]
                .trimming(.whitespaces).replacingAll(of: "@DIR@", with: folder.path)
        }
        self.name = name
        if let certfile = settings["certfile"], let keyfile = settings["keyfile"] {
            transport = .tls(
                certificateFile: certfile, keyFile: keyfile,
                clientCAFile: settings["require_certificate"] == "true" ? settings["cafile"] : nil,
                minimumVersion: settings["tls_version"], ciphers: settings["ciphers"])
        } else {
            transport = .plain
        }
        requiresUsername = settings["allow_anonymous"] == "false"
        lesson =
            (try? String(contentsOf: folder.appendingPathComponent("README"), encoding: .utf8))?
            .trimming(.whitespacesAndNewlines) ?? name
        clientCAFile = folder.appendingPathComponent("client-ca.crt").path
        identity = "broker.test"
        opensslCode = nil
        if let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
            let expected = try? JSONDecoder().decode(Expectations.self, from: data),
            let first = expected.cases?.first ?? expected.knownGaps?.first
        {
            identity = first.identity ?? identity
            if let cafile = first.cafile { clientCAFile = folder.appendingPathComponent(cafile).path }
            if case .tls(let certfile, _, _, _, _) = transport {
                opensslCode = Self.verifyCode(certfile, self, instant)
            }
        }
    }

    /// What the lab reads of a scenario's expected.json: the first case's client side.
    private struct Expectations: Decodable {
        struct Case: Decodable {
            var identity: String?
            var cafile: String?
        }
        var cases: [Case]?
        var knownGaps: [Case]?
    }

    /// X509_verify_cert on the certfile as served, as an OpenSSL client with `clientCAFile` dialling `identity`.
    static func verifyCode(_ certfile: String, _ scenario: LabScenario, _ instant: Date) -> Int32? {
        // Split, not parsed: a certificate swift-certificates refuses (a 1024-bit key) is OpenSSL's to judge.
        guard let bytes = FileManager.default.contents(atPath: certfile),
            let contents = try? CertificateBundle.read(Array(bytes), source: certfile)
        else { return nil }
        let verdict = try? OpenSSLVerifier.verify(
            presentedChain: contents.certificates.map(\.der), trustStore: .caFile(scenario.clientCAFile),
            hostname: scenario.identity,
            ipAddress: nil, atUnixTime: Int64(instant.timeIntervalSince1970))
        return verdict?.code
    }
}
