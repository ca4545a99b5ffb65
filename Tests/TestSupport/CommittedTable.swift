import Foundation

/// A generated table committed under TestChains (client-stacks.md, client-families.md, corpus-strict.md,
/// corpus-openssl-vs-strict.md): the tests regenerate it and require the committed file to be the same.
public enum CommittedTable {
    /// What is committed at `path`, after writing `table` there first when CHAINDOCTOR_WRITE_CORPUS_TABLE=1 (after
    /// a deliberate change); empty when the file cannot be read.
    public static func committed(_ table: String, at path: String) throws -> String {
        if ProcessInfo.processInfo.environment["CHAINDOCTOR_WRITE_CORPUS_TABLE"] == "1" {
            try table.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
