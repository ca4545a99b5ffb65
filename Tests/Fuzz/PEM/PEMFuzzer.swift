// libFuzzer target: certificate files as a broker's certfile or a client's CA file (PEM, DER, BOMs, PKCS#7 and
// PKCS#12 recognition) and the analyzer on whatever certificates come out. Built by Tests/Fuzz/run.sh with
// -DFUZZING; otherwise a replay tool: it runs the files given on the command line (the seed corpus, a crash).
import ChainDiagnostics
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificateFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
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
    import CFuzzDriver

    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzPEM_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzCertificateFile(data, size)
        }
    }
#else
    @main enum Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer {
                    fuzzCertificateFile($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }
            }
        }
    }
#endif
