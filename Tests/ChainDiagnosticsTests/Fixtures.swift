import ChainDiagnostics
import Findings
import Foundation

/// Reads the committed TestChains scenarios.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let testChains = packageRoot.appendingPathComponent("TestChains")
    /// The clock every offline test judges at.
    static let clock = ISO8601DateFormatter().date(from: "2026-06-01T00:00:00Z")!

    static func path(_ scenario: String, _ file: String) -> String {
        testChains.appendingPathComponent(scenario).appendingPathComponent(file).path
    }

    static func certificates(_ scenario: String, _ file: String) throws -> [ChainCertificate] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path(scenario, file))))
        return try CertificateBundle.parse(bytes, source: file)
    }

    /// The broker's certfile as DER, in served order: what the prober captures from a real handshake.
    /// Read as DER blocks, not parsed: a certificate swift-certificates refuses (weak-key) is still presented.
    static func presented(_ scenario: String) throws -> [[UInt8]] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path(scenario, "broker.crt"))))
        return try CertificateBundle.read(bytes, source: "broker.crt").certificates.map(\.der)
    }
}
