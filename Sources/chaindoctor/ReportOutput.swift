import ArgumentParser
import Foundation
import Report

/// The one way a command ends: the report rendered in the chosen format on standard output (a text report that
/// could not run is one line on standard error instead), then the exit code the report dictates.
enum ReportOutput {
    static func emit(_ document: ReportDocument, format: OutputFormat) throws {
        if !format.isForPrograms, let reason = document.couldNotRun {
            FileHandle.standardError.write(Data("chaindoctor: \(TerminalText.escaped(reason))\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(format.renderer(useColor: useColor).render(document).utf8))
        }
        throw ExitCode(document.exitCode)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static var useColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
