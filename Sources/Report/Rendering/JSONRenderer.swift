import Foundation

/// The JSON wire format, kept apart from the domain model so that the model can change without breaking
/// monitoring. Keys are camelCase, dates ISO 8601 UTC, finding ids snake_case. Any change to a key, a type
/// or a meaning bumps `schemaVersion` (and `Man/chaindoctor-report.schema.json`).
public struct JSONRenderer: ReportRenderer {
    public static let schemaVersion = 5

    public init() {}

    public func render(_ report: ProbeReport) -> String {
        encode(JSONDocument(report))
    }

    public func render(_ audit: AuditReport) -> String {
        encode(JSONDocument.Audit(audit))
    }

    /// Pretty, with sorted keys; a report that cannot be encoded still yields a document that says so.
    func encode(_ document: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(document) else {
            return #"{"schemaVersion":\#(Self.schemaVersion),"error":"cannot encode report"}"# + "\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
