// libFuzzer target: WebSocket frame and message decoding (RFC 6455) on arbitrary server bytes. Built by
// Tests/Fuzz/run.sh with -DFUZZING; otherwise a replay tool for the files given on the command line.
import Foundation
import FuzzSupport
import WebSocket

/// libFuzzer's entry by name too: its runtime refers to LLVMFuzzerTestOneInput even when driven through
/// LLVMFuzzerRunDriver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzWebSocket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var decoder = WebSocketFrameDecoder(maximumMessageSize: 1 << 16)
    decoder.append(Array(UnsafeBufferPointer(start: data, count: size)))
    while let message = try? decoder.nextMessage() { _ = message }
    return 0
}

#if FUZZING
    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzWebSocket_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzEntry.runLibFuzzer(argc, argv, fuzzWebSocket)
    }
#else
    @main enum Replay {
        static func main() { FuzzEntry.replay(CommandLine.arguments.dropFirst(), fuzzWebSocket) }
    }
#endif
