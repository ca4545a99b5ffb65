import ChainDoctorKit
import FoundationSubstitutes
import Glibc

/// Where the MQTT password comes from, in order: --password-file, CHAINDOCTOR_PASSWORD, a prompt when standard
/// input is a terminal. Never the command line (it shows in the process list), never echoed, never reported.
enum PasswordSource {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let environmentVariable = "CHAINDOCTOR_PASSWORD"

    static func read(file: String?) throws -> [UInt8]? {
        if let file {
            let bytes = try TrustStoreLoader.readFile(file)
            // The first line, without its line ending: what `echo secret > file` writes.
            let line = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
            return Array(line)
        }
        if let value = Environment.value(environmentVariable) {
            return Array(value.utf8)
        }
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        guard let typed = getpass("MQTT password: ") else {
            throw Failure(description: "cannot read the password from the terminal")
        }
        return Array(String(cString: typed).utf8)
    }
}
