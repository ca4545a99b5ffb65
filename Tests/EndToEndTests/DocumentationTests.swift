import Foundation
import TestSupport
import Testing

/// What the tool offers is listed in three places: `chaindoctor --help` (generated from the code), the committed man
/// page (generated from the parser; `bash Man/generate.sh --check` in .ci/test fails when it is stale) and the README
/// (written by hand). The finding ids, and each command's options, are compared as sets in both directions: an id or
/// option missing from one place, or left in it after the tool dropped it, fails and is named.
@Suite(.timeLimit(.minutes(10))) struct DocumentationTests {
    @Test func findingIDsAreTheSameInHelpManPageAndREADME() throws {
        let help = try Documented.helpFindingIDs()
        let manual = try Documented.manualFindingIDs()
        let readme = try Documented.readmeFindingIDs()
        Documented.expectSameSet(help, "chaindoctor --help", manual, "Man/chaindoctor.1", of: "finding ids")
        Documented.expectSameSet(help, "chaindoctor --help", readme, "the README's findings table", of: "finding ids")
    }

    @Test(arguments: Documented.commands)
    func optionsAreTheSameInHelpManPageAndREADME(command: String) throws {
        let help = try Documented.helpOptions(command)
        let manual = try Documented.manualOptions(command)
        let readme = try Documented.readmeOptions(command)
        Documented.expectSameSet(help, "\(command) --help", manual, "Man/chaindoctor.1", of: "\(command) options")
        // The parser gives every command --help and --version; the README does not repeat them in each table.
        Documented.expectSameSet(
            help.filter { !Documented.parserOptions.contains($0) }, "\(command) --help", readme,
            "the README's \(command) table", of: "\(command) options")
    }

    @Test func completionScriptsKnowEveryCommand() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try Harness.run(["--generate-completion-script", shell])
            #expect(result.exitCode == 0, "\(shell): \(result.stderr)")
            for command in Documented.commands {
                #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
            }
            #expect(result.stdout.contains("servername") && result.stdout.contains("repair"), "\(shell) options")
        }
    }

    /// `probe` and `check` are parsed as roots of their own when that succeeds (ChainDoctor.parsedDirectly); what
    /// does not parse so goes the root's way. Help, the completion flag and `--version` after the subcommand, and
    /// a usage error, must read exactly as they do from the root.
    @Test(arguments: ["probe", "check"])
    func aSubcommandParsedDirectlyAnswersAsTheRootDoes(command: String) throws {
        let help = try Harness.run([command, "--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("USAGE: chaindoctor \(command) [<options>]"), "\(help.stdout)")
        let completion = try Harness.run([command, "x", "--generate-completion-script", "bash"])
        #expect(completion.exitCode == 0 && completion.stdout.hasPrefix("#!/bin/bash"), "\(completion.stderr)")
        let version = try Harness.run([command, "x", "--version"])
        #expect(version.exitCode == 0 && !version.stdout.isEmpty, "\(version.stderr)")
        let wrong = try Harness.run([command, "x", "--no-such-option"])
        #expect(wrong.exitCode == 3)
        #expect(wrong.stderr == "chaindoctor: Unknown option '--no-such-option' (see 'chaindoctor help')\n")
    }
}

/// Reads the finding ids and options out of `--help`, the man page and the README. Every line of a section it reads
/// must have the expected form: a line it cannot read fails the test rather than being skipped.
enum Documented {
    static let commands = ["probe", "check", "audit"]
    /// Options the argument parser adds to every command.
    static let parserOptions: Set<String> = ["--help", "--version"]
    /// `id: summary.` in the FINDINGS section of `--help` and of the man page.
    static let findingLine = #"([a-z0-9]+(?:_[a-z0-9]+)*): \S.*\."#

    static func read(_ path: String) throws -> String {
        try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// `chaindoctor ARGUMENTS --help`, with COLUMNS wide enough that no help entry wraps onto a second line.
    static func help(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "100000"
        let result = try Harness.run(arguments + ["--help"], environment: environment)
        try #require(result.exitCode == 0, "chaindoctor \(arguments) --help: \(result.stderr)")
        return result.stdout
    }

    /// The first capture of `pattern` when it matches the whole of `line`.
    static func capture(_ pattern: String, _ line: some StringProtocol) throws -> String? {
        guard let match = try Regex(pattern).wholeMatch(in: String(line)) else { return nil }
        return match.output[1].substring.map(String.init)
    }

    /// The lines after the first line `start` accepts, up to (not including) the first line `end` accepts.
    static func section(
        of text: String, _ name: String, start: (Substring) -> Bool, end: (Substring) -> Bool
    ) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let found = lines.firstIndex(where: start)
        let first = try #require(found, "\(name) not found")
        let rest = lines[(first + 1)...]
        return Array(rest.prefix { !end($0) })
    }

    /// The finding ids in `lines`, each of which must be `id: summary.`.
    static func findingIDs(_ lines: [Substring], in source: String) throws -> [String] {
        let ids = try lines.map { line in
            try #require(try capture(findingLine, line), "\(source): not a finding line: \(line)")
        }
        try #require(!ids.isEmpty, "\(source): no finding ids found")
        return ids
    }

    static func helpFindingIDs() throws -> [String] {
        let lines = try section(
            of: try help([]), "FINDINGS in --help", start: { $0 == "FINDINGS (stable ids):" }, end: \.isEmpty)
        return try findingIDs(lines, in: "chaindoctor --help")
    }

    static func manualFindingIDs() throws -> [String] {
        let lines = try section(
            of: try read("Man/chaindoctor.1"), "FINDINGS in the man page", start: { $0 == "FINDINGS (stable ids):" },
            end: { $0.hasPrefix(".") })
        return try findingIDs(lines, in: "Man/chaindoctor.1")
    }

    /// The README's findings table: `| \`id\` | severity | meaning |` rows under `## Findings`.
    static func readmeFindingIDs() throws -> [String] {
        let lines = try section(
            of: try read("README.md"), "## Findings in the README", start: { $0 == "## Findings" },
            end: { $0.hasPrefix("## ") })
        let rows = try table(in: lines, header: "| id | severity | meaning |", source: "README ## Findings")
        let ids = try rows.map { row in
            try #require(try capture(#"`([a-z0-9_]+)`"#, row[0]), "README findings table: not an id: \(row[0])")
        }
        try #require(!ids.isEmpty, "README: no finding ids found")
        return ids
    }

    /// The cells of each row of the one table in `lines` that starts with `header`, trimmed.
    static func table(in lines: [Substring], header: String, source: String) throws -> [[String]] {
        let starts = lines.indices.filter { lines[$0] == header }
        try #require(starts.count == 1, "\(source): \(starts.count) tables headed \(header), expected one")
        let body = lines[(starts[0] + 1)...].prefix { $0.hasPrefix("|") }
        try #require(body.first.map { $0.hasPrefix("| ---") } == true, "\(source): the table has no separator row")
        return body.dropFirst().map { row in
            row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The long options in the OPTIONS section of `chaindoctor COMMAND --help`. An entry starts two spaces in
    /// (`  --name <value>`, `  -h, --help`); a line indented further continues the entry above it.
    static func helpOptions(_ command: String) throws -> [String] {
        let lines = try section(
            of: try help([command]), "OPTIONS in \(command) --help", start: { $0 == "OPTIONS:" }, end: \.isEmpty)
        let options = try lines.filter { !$0.hasPrefix("   ") }.map { line in
            try #require(
                try capture(#"  (?:-[A-Za-z], )?(--[a-z0-9-]+)(?: .*)?"#, line),
                "\(command) --help: not an option line: \(line)")
        }
        try #require(!options.isEmpty, "\(command) --help: no options found")
        return options
    }

    /// The long options of COMMAND in the man page: the `.It Fl ...` entries of the list under `.It Em COMMAND`.
    /// mdoc's `Fl -name` prints `--name`; `.It Fl h , -help` prints `-h, --help`.
    static func manualOptions(_ command: String) throws -> [String] {
        let lines = try read("Man/chaindoctor.1").split(separator: "\n")
        let start = try #require(lines.firstIndex(of: ".It Em \(command)"), "Man/chaindoctor.1: no .It Em \(command)")
        var depth = 0
        var options: [String] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix(".Bl ") { depth += 1 }
            if line == ".El" {
                depth -= 1
                if depth == 0 { break }
            }
            guard depth == 1, line.hasPrefix(".It Fl ") else { continue }
            options += line.split(separator: " ").dropFirst(2).filter { $0.hasPrefix("-") }.map { "-\($0)" }
                .filter { $0.hasPrefix("--") }
        }
        try #require(depth == 0 && !options.isEmpty, "Man/chaindoctor.1: no option list for \(command)")
        return options
    }

    /// The long options in the first column of the `| option | meaning |` table of the README's section on COMMAND
    /// (`## \`chaindoctor COMMAND ...\``), up to the next heading.
    static func readmeOptions(_ command: String) throws -> [String] {
        let lines = try section(
            of: try read("README.md"), "README section on \(command)",
            start: { $0.hasPrefix("## `chaindoctor \(command) ") },
            end: { $0.hasPrefix("## ") || $0.hasPrefix("### ") })
        let rows = try table(in: lines, header: "| option | meaning |", source: "README \(command)")
        let option = try Regex(#"--[a-z0-9-]+"#)
        let options = rows.flatMap { row in row[0].matches(of: option).map { String(row[0][$0.range]) } }
        try #require(!options.isEmpty, "README: no options found for \(command)")
        return options
    }

    /// Records, by name, each item one list has and the other lacks, and any item a list repeats.
    static func expectSameSet(
        _ left: [String], _ leftName: String, _ right: [String], _ rightName: String, of what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (list, name) in [(left, leftName), (right, rightName)] {
            let repeated = Dictionary(grouping: list, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(
                repeated.isEmpty, "\(what) listed more than once in \(name): \(repeated)",
                sourceLocation: sourceLocation)
        }
        let missing = Set(left).subtracting(right).sorted()
        let extra = Set(right).subtracting(left).sorted()
        #expect(
            missing.isEmpty, "\(what) in \(leftName) but not in \(rightName): \(missing)",
            sourceLocation: sourceLocation)
        #expect(
            extra.isEmpty, "\(what) in \(rightName) but not in \(leftName): \(extra)", sourceLocation: sourceLocation)
    }
}
