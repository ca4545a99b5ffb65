import Foundation
import TestSupport
import Testing

/// `--format html` in a real browser: headless Chromium (Debian's `chromium`) driven through the DevTools protocol
/// by Tests/Browser/cdp.py. Each page loads with no console error and no network request, draws one node per
/// presented certificate and the gap where an issuer is missing, keeps a hostile subject as text, and an audit's
/// timeline has one mark per certificate. The pages and their screenshots stay in .build/artifacts/html.
@Suite(.timeLimit(.minutes(10))) struct HTMLReportTests {
    static let artifacts = TestPaths.packageRoot.appendingPathComponent(".build/artifacts/html")
    static let cdp = TestPaths.packageRoot.appendingPathComponent("Tests/Browser/cdp.py").path

    struct Page {
        var loadSeconds: Double
        var errors: [String]
        var console: [String]
        var requests: [String]
        var values: [String: Any]

        func number(_ expression: String) -> Int { (values[expression] as? Int) ?? -1 }
        func flag(_ expression: String) -> Bool? { values[expression] as? Bool }
    }

    /// Writes `html` as NAME.html beside its screenshot NAME.png, and loads it in Chromium.
    static func open(_ html: String, name: String, clipHeight: Int? = nil, _ expressions: [String]) throws -> Page {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = artifacts.appendingPathComponent("\(name).html").path
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let screenshot = artifacts.appendingPathComponent("\(name).png").path
        let (status, output) = try Tools.run(
            "python3", [cdp, page, screenshot] + expressions,
            environment: ["CDP_CLIP_HEIGHT": clipHeight.map(String.init) ?? ""], watchdog: 120)
        guard status == 0, let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw TestSupportError("cdp.py: \(status) \(output.suffix(600))")
        }
        return Page(
            loadSeconds: json["loadSeconds"] as? Double ?? -1, errors: json["errors"] as? [String] ?? ["?"],
            console: (json["console"] as? [Any])?.map { "\($0)" } ?? ["?"],
            requests: json["requests"] as? [String] ?? ["?"], values: json["values"] as? [String: Any] ?? [:])
    }

    static func expectClean(_ page: Page, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.errors.isEmpty, "console errors: \(page.errors)", sourceLocation: sourceLocation)
        #expect(page.console.isEmpty, "console: \(page.console)", sourceLocation: sourceLocation)
        #expect(page.requests.isEmpty, "network requests: \(page.requests)", sourceLocation: sourceLocation)
        #expect(page.loadSeconds >= 0, sourceLocation: sourceLocation)
    }

    static let presented = "document.querySelectorAll('svg.chain g.cert.presented').length"
    static let gaps = "document.querySelectorAll('svg.chain g.gap').length"
    static let gapNames =
        "Array.from(document.querySelectorAll('svg.chain g.gap')).map(g => g.dataset.missing).join('|')"
    static let moved = "document.querySelectorAll('svg.chain path.link.moved').length"
    static let chainText = "document.querySelector('svg.chain').textContent"
    static let scripts = "document.querySelectorAll('script').length"
    static let images = "document.querySelectorAll('img').length"

    @Test(arguments: ["healthy", "leaf-only", "wrong-order", "expired-leaf"])
    func aScenarioPage(scenario: String) throws {
        let certfile = TestPaths.scenarioFile(scenario, "broker.crt")
        let result = try Harness.run([
            "check", certfile, "--cafile", TestPaths.scenarioFile(scenario, "client-ca.crt"), "--hostname",
            "broker.test", "--at", ChainScenarioCase.at, "--format", "html",
        ])
        #expect(result.stdout.hasPrefix("<!doctype html>"))
        #expect(result.stdout.contains("Content-Security-Policy"))
        let page = try Self.open(
            result.stdout, name: scenario,
            [Self.presented, Self.gaps, Self.gapNames, Self.moved, Self.chainText, Self.scripts])
        Self.expectClean(page)
        let inCertfile =
            try String(contentsOfFile: certfile, encoding: .utf8)
            .components(separatedBy: "BEGIN CERTIFICATE").count - 1
        #expect(page.number(Self.presented) == inCertfile, "one node per presented certificate")
        #expect(page.number(Self.scripts) == 0)
        let text = page.values[Self.chainText] as? String ?? ""
        switch scenario {
        case "leaf-only":
            #expect(page.number(Self.gaps) == 1)
            #expect(page.values[Self.gapNames] as? String == "chaindoctor Test Intermediate CA")
            #expect(text.contains("missing: chaindoctor Test Intermediate CA"))
        case "wrong-order":
            #expect(page.number(Self.gaps) == 0)
            #expect(page.number(Self.moved) >= 2, "the swapped intermediates have arrows to where they belong")
            #expect(text.contains("out of order"))
        case "expired-leaf":
            #expect(text.contains("EXPIRED"), "the words, not only the colour")
        default:
            #expect(page.number(Self.gaps) == 0 && page.number(Self.moved) == 0)
            #expect(text.contains("trust anchor"))
        }
    }

    /// A probe's page: the leaf-only broker of the lab, with the TLS and MQTT sections a check has not.
    @Test func aLeafOnlyProbePage() throws {
        let port = try SharedLab.shared().port("leaf-only")
        let result = try Harness.run([
            "probe", "127.0.0.1:\(port)", "--servername", "broker.test", "--cafile",
            TestPaths.scenarioFile("leaf-only", "client-ca.crt"), "--format", "html",
        ])
        #expect(result.exitCode == 2)
        let sections = "Array.from(document.querySelectorAll('h2')).map(h => h.textContent.split(' ')[0]).join(',')"
        let page = try Self.open(result.stdout, name: "leaf-only-probe", [Self.presented, Self.gaps, sections])
        Self.expectClean(page)
        #expect(page.number(Self.presented) == 1 && page.number(Self.gaps) == 1)
        #expect(
            page.values[sections] as? String == "Chain,Findings,OpenSSL,Clients,TLS,MQTT,Command",
            "\(page.values[sections] ?? "")")
    }

    /// A subject that is markup stays text: no script runs, no element is made from it.
    @Test func aHostileSubjectIsText() throws {
        let scratch = try TemporaryDirectory("html-hostile")
        let (key, certificate) = (scratch.file("hostile.key"), scratch.file("hostile.crt"))
        try Tools.mustRun(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                "-out", certificate, "-days", "30", "-subj",
                #"/CN=<script>window.__pwned=1<\/script>/O="><img src=x onerror=window.__pwned=2>"#,
            ])
        let result = try Harness.run(["check", certificate, "--cafile", certificate, "--format", "html"])
        let marker = "window.__pwned === undefined"
        // As the subject prints in RFC 4514 form (with its backslash escapes), visible as text.
        let bodyText =
            "document.body.textContent.includes('<script') && document.body.textContent.includes('<img src=x onerror=')"
        let page = try Self.open(result.stdout, name: "hostile-subject", [marker, Self.scripts, Self.images, bodyText])
        Self.expectClean(page)
        #expect(page.flag(marker) == true, "no script ran")
        #expect(page.number(Self.scripts) == 0 && page.number(Self.images) == 0, "no element from the subject")
        #expect(page.flag(bodyText) == true, "the subject is on the page as text")
    }

    /// 50 brokers of four scenarios: the table, a section each, and one timeline mark per presented certificate.
    /// Judged in 2097 (--at), so that the fixtures' 2099 expiries fall inside the timeline's three years, beside the
    /// leaves that expired in 2021.
    @Test func aFiftyBrokerAudit() throws {
        let scenarios = ["healthy", "leaf-only", "expired-leaf", "expired-intermediate"]
        let brokers = try scenarios.map { try ServerProcess.mosquitto(scenario: $0) }
        let scratch = try TemporaryDirectory("html-audit")
        let file = scratch.file("brokers.txt")
        try (0..<50).map { "127.0.0.1:\(brokers[$0 % 4].port) broker.test" }
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Harness.run([
            "audit", file, "--cafile", TestPaths.scenarioFile("healthy", "client-ca.crt"), "--clients", "openssl",
            "--quick", "--format", "html", "--at", "2097-06-01T00:00:00Z",
        ])
        #expect(result.exitCode == 2)
        let marks = "document.querySelectorAll('svg.timeline circle.expiry').length"
        let sections = "document.querySelectorAll('section.broker').length"
        let rows = "document.querySelectorAll('table.brokers tbody tr').length"
        let drawings = "document.querySelectorAll('section.broker svg.chain').length"
        // Each broker's section is laid out only when it nears the viewport (content-visibility: auto: a
        // 1,000-broker page opened in 2 to 3 s, now under 1 s), and is all there when it does.
        let deferred = "getComputedStyle(document.querySelector('section.broker')).contentVisibility === 'auto' ? 1 : 0"
        let last =
            "(() => { const s = document.getElementById('broker-49'); s.scrollIntoView(); "
            + "return Math.round(s.querySelector('svg.chain').getBoundingClientRect().width) })()"
        let page = try Self.open(
            result.stdout, name: "audit-50", clipHeight: 1400, [marks, sections, rows, drawings, deferred, last])
        Self.expectClean(page)
        #expect(page.number(deferred) == 1)
        #expect(page.number(last) > 200, "the last broker's chain is drawn once scrolled to")
        // 13 healthy (2 certificates), 13 leaf-only (1), 12 expired-leaf (2), 12 expired-intermediate (2).
        #expect(page.number(marks) == 13 * 2 + 13 * 1 + 12 * 2 + 12 * 2, "one mark per presented certificate")
        #expect(page.number(sections) == 50 && page.number(rows) == 50 && page.number(drawings) == 50)
    }
}
