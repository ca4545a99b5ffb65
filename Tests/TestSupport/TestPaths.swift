public import Foundation

/// Where the package's committed fixtures are, found from this file's place in the tree.
public enum TestPaths {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let testChains = packageRoot.appendingPathComponent("TestChains")

    /// A file of a TestChains scenario.
    public static func scenarioFile(_ scenario: String, _ file: String) -> String {
        testChains.appendingPathComponent(scenario).appendingPathComponent(file).path
    }
}

/// A failure of the test support itself (a fixture that does not load, a server that does not start): thrown out
/// of a test, it fails that test loudly, never skips it.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
