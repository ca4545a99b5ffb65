import ArgumentParser
import ChainDoctorKit
import FoundationSubstitutes
import Glibc
import Report

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one way a command ends: the report rendered in the chosen format on standard output (a text report that
/// could not run is one line on standard error instead), then the exit code the report dictates.
enum ReportOutput {
    /// `stream` is standard output unless standard output carries something else (`check --repair -`).
    static func emit(_ document: ReportDocument, format: OutputFormat, to stream: StandardStream = .output) throws {
        if !format.isForPrograms, let reason = document.couldNotRun {
            StandardStream.error.write("chaindoctor: \(TerminalText.escaped(reason))\n")
        } else {
            stream.write(
                format.renderer(useColor: useColor(on: stream), commandLine: format == .html ? commandLine : nil)
                    .render(document))
        }
        throw ExitCode(document.exitCode)
    }

    /// The command as typed, for the HTML page, with what follows a credential option left out: a report is
    /// handed to other people.
    static var commandLine: String {
        var words = ["chaindoctor"]
        var arguments = CommandLine.arguments.dropFirst()[...]
        let credentials: Set = ["--username", "--password-file", "--password", "--key"]
        while let word = arguments.popFirst() {
            if credentials.contains(word) {
                words.append(word + " (omitted)")
                _ = arguments.popFirst()
            } else if let equals = word.firstIndex(of: "="), credentials.contains(String(word[..<equals])) {
                words.append(String(word[..<equals]) + " (omitted)")
            } else {
                words.append(word.contains(" ") || word.isEmpty ? "'\(word)'" : word)
            }
        }
        return words.joined(separator: " ")
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static func useColor(on stream: StandardStream) -> Bool {
        isatty(stream.fd) == 1 && Environment.value("NO_COLOR").map(\.isEmpty) ?? true
    }
}

/// Standard output or error, written with write(2). A reader that has gone away (`chaindoctor … | head`) ends the
/// writing, not the process: SIGPIPE is ignored, so the write fails with EPIPE, where Foundation's
/// `FileHandle.write` would trap. The exit code still says what the report found.
struct StandardStream {
    static let output = StandardStream(fd: STDOUT_FILENO)
    static let error = StandardStream(fd: STDERR_FILENO)

    let fd: Int32

    func write(_ text: String) {
        // EPIPE, EBADF, ENOSPC: nowhere left to say anything.
        _ = OutputFile.writeAll(Array(text.utf8), to: fd)
    }
}
