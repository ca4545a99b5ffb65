// libFuzzer target: the MQTT packet decoder (both dialects) on arbitrary bytes. Built and run by
// Tests/Fuzz/run.sh; without -DFUZZING it is a replay tool that runs the files given on the command line.
import Foundation
import FuzzSupport
import MQTTCodec

/// libFuzzer's entry by name too: its runtime refers to LLVMFuzzerTestOneInput even when driven through
/// LLVMFuzzerRunDriver.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMQTT(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
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
    /// SwiftPM links an executable's entry as <module>_main: hand it to libFuzzer's driver.
    @_cdecl("FuzzMQTT_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzEntry.runLibFuzzer(argc, argv, fuzzMQTT)
    }
#else
    @main enum Replay {
        static func main() { FuzzEntry.replay(CommandLine.arguments.dropFirst(), fuzzMQTT) }
    }
#endif
