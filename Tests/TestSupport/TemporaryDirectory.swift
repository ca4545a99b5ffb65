import Foundation

/// A directory of the test's own under the temporary directory, removed with everything in it when the object
/// goes: nothing is left behind, whatever the test's outcome.
public final class TemporaryDirectory {
    public let path: String

    public init(_ purpose: String) throws {
        path = NSTemporaryDirectory() + "chaindoctor-\(purpose)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
