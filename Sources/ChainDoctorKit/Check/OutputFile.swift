import Glibc

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A file chaindoctor writes because the user named it (`check --repair OUT`), written so that nothing else is
/// touched: never through a symbolic link, never over something that is not a regular file, never over an existing
/// file unless `--force`, and, when overwriting, in place, so the file keeps its owner and mode. `-` is standard
/// output.
public struct OutputFile: Sendable {
    public var path: String
    public var overwrite: Bool

    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String, overwrite: Bool) {
        self.path = path
        self.overwrite = overwrite
    }

    /// Whether the file may be written, asked before any work: a refusal is the user's to fix.
    public func check() throws(Refusal) {
        guard !isStandardOutput else { return }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }  // nothing there yet: it will be created
        switch status.st_mode & S_IFMT {
        case S_IFLNK:
            throw Refusal(description: "\(path): a symbolic link; chaindoctor writes no file through a link")
        case S_IFREG:
            guard overwrite else { throw Refusal(description: "\(path): exists; add --force to overwrite it") }
        default:
            throw Refusal(description: "\(path): not a regular file (a directory, FIFO, socket or device); not written")
        }
    }

    /// Writes `text`: a new file is created exclusively (mode 0644 less the umask); an existing regular file is
    /// truncated and rewritten in place. O_NOFOLLOW refuses a link put there since `check`.
    public func write(_ text: String) throws(Refusal) {
        try check()
        if isStandardOutput { return try write(text, to: STDOUT_FILENO) }
        var flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC
        var status = stat()
        flags |= lstat(path, &status) == 0 ? O_TRUNC : (O_CREAT | O_EXCL)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw Refusal(description: "\(path): cannot write (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var fileStatus = stat()
        guard fstat(fd, &fileStatus) == 0, fileStatus.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(description: "\(path): not a regular file; not written")
        }
        try write(text, to: fd)
    }

    /// `-`: the repaired chain goes to standard output (the report then goes to standard error).
    public var isStandardOutput: Bool { path == "-" }

    private func write(_ text: String, to fd: Int32) throws(Refusal) {
        if let error = Self.writeAll(Array(text.utf8), to: fd) {
            let name = isStandardOutput ? "standard output" : path
            throw Refusal(description: "\(name): cannot write (\(String(cString: strerror(error))))")
        }
    }

    /// write(2) until every byte went (EINTR retried); the errno that stopped it, or nil.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
