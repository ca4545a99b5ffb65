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

    /// Every certificate of every `.crt` and `.pem` file under TestChains, with the file (relative to TestChains) it
    /// was read from; a file that is not a certificate bundle (a key, a deliberately broken fixture) gives none.
    public static func everyCertificate() -> [(file: String, certificate: ChainCertificate)] {
        let files =
            FileManager.default.enumerator(atPath: TestPaths.testChains.path)?
            .compactMap { $0 as? String }
            .filter { $0.hasSuffix(".crt") || $0.hasSuffix(".pem") } ?? []
        return files.flatMap { file -> [(file: String, certificate: ChainCertificate)] in
            let path = TestPaths.testChains.appendingPathComponent(file).path
            guard let bytes = FileManager.default.contents(atPath: path),
                let certificates = try? CertificateBundle.parse(Array(bytes), source: file)
            else { return [] }
            return certificates.map { (file: file, certificate: $0) }
        }
    }

    /// The broker's certfile as DER, in served order: what the prober captures from a real handshake.
    /// Read as DER blocks, not parsed: a certificate swift-certificates refuses (weak-key) is still presented.
    public static func presented(_ scenario: String, file: String = "broker.crt") throws -> [[UInt8]] {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: TestPaths.scenarioFile(scenario, file))))
        return try CertificateBundle.read(bytes, source: file).certificates.map(\.der)
    }
}
