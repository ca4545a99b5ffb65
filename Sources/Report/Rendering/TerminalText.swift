/// Text from the network or a certificate, made safe for a terminal: every control character (C0, DEL, C1),
/// every bidirectional override and every line or paragraph separator becomes a visible escape such as `\x1b`
/// or `\u{202e}`. A certificate name cannot clear the screen, retitle the window, or start a line of its own that reads
/// `OK chain_valid`.
public enum TerminalText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out +=
                    scalar.value < 0x100 ? "\\x" + hex(scalar.value, width: 2) : "\\u{\(hex(scalar.value, width: 4))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 (newline and tab included), DEL, C1 (CSI 0x9B among them)
        case 0x200E, 0x200F, 0x061C: true  // direction marks
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides and isolates
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
