#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One environment variable, read with getenv(3). `ProcessInfo.processInfo.environment` copies the whole
/// environment into a dictionary first: 0.8 million instructions of a quick probe, for one variable (the process
/// never sets any, so getenv's view is the environment it started with).
public enum Environment {
    /// The variable's value, or nil when it is not set; bytes that are not UTF-8 are repaired as String does.
    public static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
}
