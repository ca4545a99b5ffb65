internal import COpenSSL

/// OpenSSL set up for a process that simply exits when it is done.
public enum OpenSSLLibrary {
    /// Call before anything else uses OpenSSL. Its cleanup at exit frees every table it built (about 1.6 million
    /// instructions, 2% of a quick probe) for a process about to lose them anyway, and could free them under a
    /// thread still inside OpenSSL at that moment (an audit's worker when the deadline ends the run).
    public static func initializeWithoutCleanupAtExit() {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
    }
}
