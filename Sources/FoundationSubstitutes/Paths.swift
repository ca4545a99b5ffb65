#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// NSString's path operations on plain strings, with its results for the paths chaindoctor handles.
extension String {
    /// "/etc/mosquitto/conf.d/tls.conf" → "tls.conf"; trailing slashes ignored; "/" stays "/".
    public var lastPathComponent: String {
        let trimmed = trimmedTrailingSlashes
        guard trimmed != "/" else { return "/" }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    }

    /// "/etc/mosquitto/mosquitto.conf" → "/etc/mosquitto"; "/a" → "/"; "name" → "".
    public var deletingLastPathComponent: String {
        let trimmed = trimmedTrailingSlashes
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash]).trimmedTrailingSlashes
    }

    /// "/etc/ssl" + "ca.crt" → "/etc/ssl/ca.crt", one slash between; "" + name → name.
    public func appendingPathComponent(_ component: String) -> String {
        if isEmpty { return component }
        return hasSuffix("/") ? self + component : self + "/" + component
    }

    private var trimmedTrailingSlashes: String {
        var text = self
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// What stat(2) says a path is; symlinks followed.
public enum FileKind: Sendable, Equatable {
    case regular, directory, other

    /// Nil when nothing is there (or it cannot be looked at).
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        default: self = .other
        }
    }
}
