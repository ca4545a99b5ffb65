import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The brokers an audit probes: one per line, as `probe` takes them (HOST[:PORT], mqtts://..., wss://.../PATH),
/// optionally followed by the SNI name to send and check. Blank lines and lines starting with # are skipped.
public enum AuditFile {
    public struct Entry: Sendable, Equatable {
        /// The line number in the file, from 1.
        public var line: Int
        public var target: ProbeTarget
        /// The target as written.
        public var text: String
        public var serverName: String?
    }

    /// A line that is not a broker, or a file with none.
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The brokers of the file; a line that is not a broker is an error naming it.
    public static func parse(_ text: String, file: String) throws(ParseError) -> [Entry] {
        var entries: [Entry] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimming(.whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count <= 2, let target = ProbeTarget(parsing: fields[0]) else {
                throw ParseError(description: "\(file):\(offset + 1): '\(line)' is not TARGET [SERVERNAME]")
            }
            entries.append(
                Entry(
                    line: offset + 1, target: target, text: fields[0], serverName: fields.count == 2 ? fields[1] : nil))
        }
        guard !entries.isEmpty else { throw ParseError(description: "\(file): no broker in it") }
        return entries
    }
}
