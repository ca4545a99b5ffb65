// libFuzzer target: the handshake-failure classifier (TLSProbeError from OpenSSL's library and reason numbers)
// on arbitrary error queues. Each 8 bytes of input are one queued error: library (4 bytes) and reason (4 bytes).
import Foundation
import FuzzSupport
import TLSProbe

/// libFuzzer's entry by name too: its runtime refers to LLVMFuzzerTestOneInput even when driven through
/// LLVMFuzzerRunDriver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzHandshakeFailure(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var errors: [OpenSSLError] = []
    var index = 0
    while index + 8 <= bytes.count {
        let library = bytes[index..<index + 4].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        let reason = bytes[index + 4..<index + 8].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        errors.append(OpenSSLError(library: library, reason: reason, text: "fuzz"))
        index += 8
    }
    let error = TLSProbeError.handshakeFailed(errors: errors, certificateRequested: size % 2 == 0, presentedChain: [])
    _ = (error.description, error.phase, error.alert, error.peerAlert, error.peerIsNotTLS, error.peerHungUp)
    _ = error.versionMismatch
    return 0
}

#if FUZZING
    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzHandshakeFailure_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzEntry.runLibFuzzer(argc, argv, fuzzHandshakeFailure)
    }
#else
    @main enum Replay {
        static func main() { FuzzEntry.replay(CommandLine.arguments.dropFirst(), fuzzHandshakeFailure) }
    }
#endif
