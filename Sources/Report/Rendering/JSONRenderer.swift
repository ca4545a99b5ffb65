import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON wire format, kept apart from the domain model so that the model can change without breaking
/// monitoring. Keys are camelCase, dates ISO 8601 UTC, finding ids snake_case. Any change to a key, a type
/// or a meaning bumps `schemaVersion` (and `Man/chaindoctor-report.schema.json`).
public struct JSONRenderer: ReportRenderer {
    public static let schemaVersion = 7

    /// JSON Lines (`--format jsonl`): each probe document on one line, an audit as its probes' documents.
    public var lines: Bool

    public init(lines: Bool = false) {
        self.lines = lines
    }

    public func render(_ report: ProbeReport) -> String {
        encode(JSONDocument(report))
    }

    public func render(_ audit: AuditReport) -> String {
        lines ? audit.reports.map(render).joined() : encode(JSONDocument.Audit(audit))
    }

    /// Pretty (or on one line for JSON Lines), with sorted keys; a report that cannot be encoded still yields a
    /// document that says so.
    func encode(_ document: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            lines ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // What `.iso8601` writes, without the format style's first-use cost (FoundationSubstitutes' UTCTime).
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.iso8601Text)
        }
        guard let data = try? encoder.encode(document) else {
            return #"{"schemaVersion":\#(Self.schemaVersion),"error":"cannot encode report"}"# + "\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
