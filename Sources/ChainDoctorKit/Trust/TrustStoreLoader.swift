public import ChainDiagnostics
import FoundationSubstitutes
import Glibc
public import Report
public import TLSProbe
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads the client's trust store the way the client is configured: a CA file, a hashed CA directory, or
/// the system bundle. The same source is handed to OpenSSL, so both verdicts see the same anchors.
public enum TrustStoreLoader {
    public struct Loaded: Sendable {
        /// Certificates of the store the analyzer cannot use (key types swift-certificates refuses), DER; OpenSSL's
        /// verdict uses them, and the analyzer names them.
        public let unreadableAnchors: [[UInt8]]
        public let anchors: [ChainCertificate]
        /// The same anchors for the strict validator and the client families, indexed once.
        public let anchorSet: AnchorSet
        public var source: TrustStoreSource
        public var summary: ProbeReport.TrustStore
        /// For a `--capath`: the directory, read per chain as OpenSSL's lookup reads it (`forChain`); `anchors`
        /// are then only the CAs found for one chain.
        let hashedDirectory: HashedDirectory?
        /// Whether `anchors` are what a name lookup found for one chain rather than the whole store.
        var isLookedUp: Bool { hashedDirectory != nil }
        /// For a store looked up for one chain: the issuers it needed that the lookup did not find.
        var unfoundIssuers: [DistinguishedName] = []
        /// The presented chain this store was looked up for, when it was looked up for that chain alone (no pool):
        /// the same lookup again returns the store as it is.
        private var lookedUpFor: [[UInt8]]?

        init(
            unreadableAnchors: [[UInt8]] = [], anchors: [ChainCertificate], source: TrustStoreSource,
            summary: ProbeReport.TrustStore, hashedDirectory: HashedDirectory? = nil
        ) {
            self.unreadableAnchors = unreadableAnchors
            self.anchors = anchors
            self.anchorSet = AnchorSet(
                parsed: anchors.map { (certificate: $0.certificate, der: $0.der) }, unparseable: unreadableAnchors)
            self.source = source
            self.summary = summary
            self.hashedDirectory = hashedDirectory
        }

        /// The store as a client uses it for this chain: itself, or for a `--capath` the CAs filed under the names
        /// the chain (and the intermediates pool) leads a client to look up.
        func forChain(_ presentedChain: [[UInt8]], pool: [ChainCertificate] = []) -> Loaded {
            guard let hashedDirectory else { return self }
            if pool.isEmpty, lookedUpFor == presentedChain { return self }
            let presented = DERKey.distinct(presentedChain).compactMap { try? ChainCertificate(der: $0) } + pool
            let found = hashedDirectory.anchors(for: presented)
            var loaded = Loaded(
                unreadableAnchors: found.unreadable, anchors: found.anchors, source: source, summary: summary,
                hashedDirectory: hashedDirectory)
            loaded.unfoundIssuers = found.unfound
            loaded.lookedUpFor = pool.isEmpty ? presentedChain : nil
            return loaded
        }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Debian/Ubuntu/Alpine first, then Fedora/RHEL (the paths swift-certificates and OpenSSL use).
    public static let systemBundlePaths = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]

    /// Refuse absurd inputs before reading them whole: 16 MiB holds a 10,000-certificate bundle (Debian's system
    /// bundle is 0.2 MB), and the parse of a file costs about four times its size in memory. The environment
    /// variable CHAINDOCTOR_MAX_FILE_MIB sets another limit (1 to 1024).
    public static let maximumFileBytes: Int = {
        let configured = Environment.value("CHAINDOCTOR_MAX_FILE_MIB").flatMap(Int.init)
        return (configured.map { min(max($0, 1), 1024) } ?? 16) * 1024 * 1024
    }()

    static var tooLarge: String {
        "larger than \(maximumFileBytes / 1024 / 1024) MiB, not a certificate file (CHAINDOCTOR_MAX_FILE_MIB sets the limit)"
    }

    public static func load(caFile: String?, caPath: String?) throws -> Loaded {
        if let caFile {
            // Each certificate once, and OpenSSL given the same set: a bundle that repeats a CA thousands of times
            // costs what the distinct CAs cost (X509_STORE_add_cert compares each new one with all before it).
            let store = try CertificateBundle.parseTrustStore(try readFile(caFile), source: caFile)
            return Loaded(
                unreadableAnchors: store.unsupported, anchors: store.certificates,
                source: .certificates(file: caFile, der: store.certificates.map(\.der) + store.unsupported),
                summary: .init(
                    kind: "cafile", path: caFile, anchorCount: store.certificates.count,
                    unsupportedCount: store.unsupported.count))
        }
        if let caPath {
            guard FileKind(path: caPath) == .directory else {
                throw LoadError(description: "\(caPath): not a directory")
            }
            let directory: HashedDirectory
            do {
                directory = try HashedDirectory(path: caPath)
            } catch {
                throw LoadError(description: "\(caPath): cannot list the directory")
            }
            if directory.hashedNames.isEmpty, !(try certificates(inDirectory: caPath)).isEmpty {
                throw LoadError(
                    description: "\(caPath): no certificate under a hashed name (OpenSSL clients look CAs up as "
                        + "<subject hash>.0, so they trust nothing here): run 'openssl rehash \(caPath)'")
            }
            // Read per chain, by name, as OpenSSL reads it; the count is of the names a lookup can open.
            return Loaded(
                anchors: [], source: .caPath(caPath),
                summary: .init(kind: "capath", path: caPath, anchorCount: directory.hashedNames.count),
                hashedDirectory: directory)
        }
        for path in systemBundlePaths where FileManager.default.fileExists(atPath: path) {
            let store = try CertificateBundle.parseTrustStore(try readFile(path), source: path)
            return Loaded(
                unreadableAnchors: store.unsupported, anchors: store.certificates, source: .system,
                summary: .init(
                    kind: "system", path: path, anchorCount: store.certificates.count,
                    unsupportedCount: store.unsupported.count))
        }
        throw LoadError(
            description:
                "no system trust store found (looked for \(systemBundlePaths.joined(separator: ", "))); use --cafile")
    }

    /// Every certificate in the files of a directory, each once. A hashed directory holds links and the files
    /// they point at; unreadable or non-certificate files are what OpenSSL skips too. With `hashedNamesOnly`, only
    /// the names OpenSSL's hashed-directory lookup opens (`<8 hex digits>.<n>`, X509_LOOKUP_hash_dir(3)) count, as
    /// for a client's --capath.
    public static func certificates(
        inDirectory directory: String, hashedNamesOnly: Bool = false
    ) throws
        -> [ChainCertificate]
    {
        guard FileKind(path: directory) == .directory else {
            throw LoadError(description: "\(directory): not a directory")
        }
        var found: [ChainCertificate] = []
        // Each certificate once, by its DER, in linear time: a hashed directory holds every CA twice (the file and
        // its link), and 20,000 CAs compared pairwise took minutes.
        var seen: Set<[UInt8]> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        where !hashedNamesOnly || isHashedName(name) {
            let path = directory.appendingPathComponent(name)
            guard let certificates = try? parse(file: path) else { continue }
            for certificate in certificates where seen.insert(certificate.der).inserted { found.append(certificate) }
        }
        return found
    }

    /// "9d66eef0.0": a subject hash and a sequence number (CRLs, "9d66eef0.r0", are not certificates).
    static func isHashedName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 8 && parts[0].allSatisfy(\.isHexDigit) && !parts[1].isEmpty
            && parts[1].allSatisfy(\.isNumber)
    }

    /// The distinct certificates of a file, in order.
    public static func parse(file path: String) throws -> [ChainCertificate] {
        try CertificateBundle.parse(try readFile(path), source: path)
    }

    /// A FIFO with no writer would block an open forever, a device would never end: only regular files are read
    /// (stat(2) follows a symlink to what it names). A path that does not exist passes, for the open to say so.
    public static func requireRegularFile(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
            throw notRegular(path)
        }
    }

    private static func notRegular(_ path: String) -> LoadError {
        LoadError(description: "\(path): not a regular file (a FIFO, socket or device), not read")
    }

    public static func readFile(_ path: String) throws -> [UInt8] {
        // One stat(2) says all three: a directory, something that is not a regular file, or one too large to read
        // (refused by size before reading anything). A path that does not exist passes, for the open to say so.
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw LoadError(description: "\(path): is a directory, not a file")
            case S_IFREG:
                if Int(status.st_size) > maximumFileBytes { throw LoadError(description: "\(path): \(tooLarge)") }
            default: throw notRegular(path)
            }
        }
        // O_NONBLOCK: a FIFO swapped in after the check above opens at once instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw LoadError(
                description:
                    "\(path): cannot open (\(errno == ENOENT ? "no such file" : "permission denied or a directory"))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumFileBytes {
            let count = read(descriptor, &chunk, chunk.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw LoadError(description: "\(path): cannot read (\(String(cString: strerror(errno))))")
            }
            bytes += chunk[0..<count]
        }
        guard bytes.count <= maximumFileBytes else {
            throw LoadError(description: "\(path): \(tooLarge)")
        }
        return bytes
    }
}
