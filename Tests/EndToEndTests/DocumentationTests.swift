import Foundation
import TestSupport
import Testing

/// Every finding id the tool can emit is documented in the README and in the committed man page, and the
/// man page documents every option of the parser (it is generated from it; .ci/run checks it is not stale).
@Suite(.timeLimit(.minutes(3))) struct DocumentationTests {
    static func read(_ path: String) throws -> String {
        try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func everyFindingIDIsDocumented() throws {
        let readme = try Self.read("README.md")
        let manual = try Self.read("Man/chaindoctor.1")
        let help = try Harness.run(["--help"]).stdout
        let ids = help.split(separator: "\n").compactMap { line -> String? in
            let head = line.split(separator: ":").first.map(String.init) ?? ""
            return head.range(of: #"^[a-z]+(_[a-z]+)*$"#, options: .regularExpression) != nil && line.contains(": ")
                ? head : nil
        }
        #expect(ids.count >= 15, "finding ids listed in --help: \(ids)")
        for id in ids {
            #expect(readme.contains("`\(id)`"), "README does not document \(id)")
            #expect(
                manual.contains(id.replacingOccurrences(of: "_", with: "_")), "the man page does not document \(id)")
        }
    }

    @Test func completionScriptsKnowEveryCommand() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try Harness.run(["--generate-completion-script", shell])
            #expect(result.exitCode == 0, "\(shell): \(result.stderr)")
            for command in ["probe", "check", "audit"] {
                #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
            }
            #expect(result.stdout.contains("servername") && result.stdout.contains("repair"), "\(shell) options")
        }
    }
}
