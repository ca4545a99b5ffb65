public import ChainDiagnostics
public import Foundation

/// The files of a TestChains scenario, read as the tool reads them.
public enum TestChainsFiles {
    /// The clock every offline test judges at (the scenarios' `expected.json` hold for this instant).
    public static let clock = ChainScenarioCase.instant

    /// The distinct certificates of a scenario file, parsed.
    public static func certificates(_ scenario: String, _ file: String) throws -> [ChainCertificate] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: TestPaths.scenarioFile(scenario, file))))
        return try CertificateBundle.parse(bytes, source: file)
    }

    /// The broker's certfile as DER, in served order: what the prober captures from a real handshake.
    /// Read as DER blocks, not parsed: a certificate swift-certificates refuses (weak-key) is still presented.
    public static func presented(_ scenario: String, file: String = "broker.crt") throws -> [[UInt8]] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: TestPaths.scenarioFile(scenario, file))))
        return try CertificateBundle.read(bytes, source: file).certificates.map(\.der)
    }
}
