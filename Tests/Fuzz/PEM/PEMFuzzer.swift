// libFuzzer target: certificate files as a broker's certfile or a client's CA file (PEM, DER, BOMs, PKCS#7 and
// PKCS#12 recognition) and the analyzer on whatever certificates come out. Built by Tests/Fuzz/run.sh with
// -DFUZZING; otherwise a replay tool: it runs the files given on the command line (the seed corpus, a crash).
import ChainDiagnostics
import Foundation
import FuzzSupport

/// libFuzzer's entry by name too: its runtime refers to LLVMFuzzerTestOneInput even when driven through
/// LLVMFuzzerRunDriver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCertificateFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let contents = try? CertificateBundle.read(bytes, source: "fuzz") {
        let chain = contents.certificates.map(\.der)
        _ = ChainAnalyzer().analyze(
            presentedChain: chain,
            trustAnchors: contents.certificates.suffix(1).compactMap { try? ChainCertificate(der: $0.der) },
            identity: .dnsName("broker.test"),
            at: Date(timeIntervalSince1970: 1_780_000_000))
    }
    _ = try? CertificateBundle.parseTrustStore(bytes, source: "fuzz")
    return 0
}

#if FUZZING
    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzPEM_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzEntry.runLibFuzzer(argc, argv, fuzzCertificateFile)
    }
#else
    @main enum Replay {
        static func main() { FuzzEntry.replay(CommandLine.arguments.dropFirst(), fuzzCertificateFile) }
    }
#endif
