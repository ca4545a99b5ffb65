// libFuzzer target: the MQTT packet decoder (both dialects) on arbitrary bytes. Built and run by
// Tests/Fuzz/run.sh; without -DFUZZING it is a replay tool that runs the files given on the command line.
import Foundation
import MQTTCodec

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMQTT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for version in [MQTTProtocolVersion.v3_1_1, .v5] {
        var decoder = MQTTPacketDecoder(maximumPacketSize: 1 << 16, protocolVersion: version)
        decoder.append(bytes)
        while let packet = try? decoder.nextPacket() { _ = packet }
    }
    _ = ForeignProtocolSniffer.sniff(bytes)
    return 0
}

#if FUZZING
    import CFuzzDriver

    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzMQTT_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzMQTT(data, size)
        }
    }
#else
    @main enum Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer {
                    fuzzMQTT($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }
            }
        }
    }
#endif
