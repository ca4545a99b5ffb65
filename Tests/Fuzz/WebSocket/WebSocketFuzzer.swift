// libFuzzer target: WebSocket frame and message decoding (RFC 6455) on arbitrary server bytes. Built by
// Tests/Fuzz/run.sh with -DFUZZING; otherwise a replay tool for the files given on the command line.
import Foundation
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocket(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var decoder = WebSocketFrameDecoder(maximumMessageSize: 1 << 16)
    decoder.append(Array(UnsafeBufferPointer(start: data, count: size)))
    while let message = try? decoder.nextMessage() { _ = message }
    return 0
}

#if FUZZING
    import CFuzzDriver

    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzWebSocket_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzWebSocket(data, size)
        }
    }
#else
    @main enum Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer {
                    fuzzWebSocket($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }
            }
        }
    }
#endif
