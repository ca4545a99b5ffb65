public import Foundation

#if FUZZING
    import CFuzzDriver
#endif

/// One input to a fuzz target, libFuzzer's way: bytes in (possibly none, with no address), 0 out.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// How each fuzz target (Tests/Fuzz/*) runs: under libFuzzer when built with -sanitize=fuzzer -DFUZZING, else as a
/// tool that replays the files it is given (FuzzCorpusTests runs it on the seed corpus and every crash found).
public enum FuzzEntry {
    #if FUZZING
        /// libFuzzer's driver, from the executable's entry (SwiftPM links it as `<module>_main`); only in a fuzz
        /// build, where libFuzzer defines it.
        public static func runLibFuzzer(
            _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: FuzzTarget
        ) -> CInt {
            var (count, arguments) = (argc, argv)
            return LLVMFuzzerRunDriver(&count, &arguments, target)
        }
    #endif

    /// Each readable file among `paths`, once, through `target`.
    public static func replay(_ paths: some Sequence<String>, _ target: FuzzTarget) {
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            _ = [UInt8](data).withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
        }
    }
}
