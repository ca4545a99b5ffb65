import Glibc
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A trust store loaded once and used again while its files stay as they were. The exporter probes with a
/// module's store on every scrape, and reading the system bundle again costs about 30 ms each time; a file that
/// changes (its inode, size or modification time) is read again, so a renewed CA is picked up at the next scrape as
/// before. A `--capath` is kept as its listing only, and its files
/// are read at each judgement (`Loaded.forChain`), so the directory's own stamp (an entry added, removed or renamed
/// changes its modification time) is all that says the listing is stale.
public final class TrustStoreCache: Sendable {
    struct Key: Hashable {
        var caFile: String?
        var caPath: String?
    }

    /// What stat(2) says of one file of the store; all zero when it is not there.
    struct Stamp: Equatable {
        var path: String
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var size: Int64 = 0
        var seconds: Int = 0
        var nanoseconds: Int = 0
    }

    private let entries = Mutex<[Key: (stamps: [Stamp], loaded: TrustStoreLoader.Loaded)]>([:])

    public init() {}

    /// `TrustStoreLoader.load`, or what it gave last time when no file of the store changed since.
    public func load(caFile: String?, caPath: String?) throws -> TrustStoreLoader.Loaded {
        let key = Key(caFile: caFile, caPath: caPath)
        let stamps = Self.stamps(caFile: caFile, caPath: caPath)
        if let cached = entries.withLock({ $0[key] }), cached.stamps == stamps { return cached.loaded }
        let loaded = try TrustStoreLoader.load(caFile: caFile, caPath: caPath)
        entries.withLock { $0[key] = (stamps, loaded) }
        return loaded
    }

    /// What the loader keeps of this source: the CA file, the directory (its listing), or the system bundles it
    /// looks for.
    static func stamps(caFile: String?, caPath: String?) -> [Stamp] {
        let paths = caFile.map { [$0] } ?? caPath.map { [$0] } ?? TrustStoreLoader.systemBundlePaths
        return paths.map { path in
            var status = stat()
            guard stat(path, &status) == 0 else { return Stamp(path: path) }
            return Stamp(
                path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                seconds: status.st_mtim.tv_sec, nanoseconds: status.st_mtim.tv_nsec)
        }
    }
}
