/// The YAML of the exporter's module file, read without a YAML library: the block and flow mappings and sequences,
/// plain and quoted scalars and comments that a blackbox_exporter-style file is written with. Anchors, aliases,
/// tags, block scalars (`|`, `>`), complex keys and multi-line scalars are refused with the line that has them,
/// never misread. (Yams, the library this replaced, links the whole of Foundation with ICU into the binary: 40 MB,
/// and a third of the protocol conformances every first dynamic cast of a run scans; Benchmarks/README.md.)
public enum ModuleFileYAML {
    public indirect enum Node: Equatable, Sendable {
        case null
        /// `plain` is false for a quoted scalar: `"true"` is text, `true` a boolean.
        case scalar(String, plain: Bool)
        case sequence([Node])
        case mapping([Entry])
    }

    /// The plain scalars that mean true and false (YAML 1.1's, which Yams and Go's yaml.v2 use).
    public static let trueWords: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    public static let falseWords: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: Node
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The document's root node; `.null` for a file with no content.
    public static func parse(_ text: String) throws -> Node {
        var reader = Reader(lines: try logicalLines(text))
        guard let first = reader.current else { return .null }
        let root = try reader.block(indent: first.indent)
        if let extra = reader.current {
            throw Failure(line: extra.number, message: "indentation does not fit the lines above")
        }
        return root
    }

    struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    /// The lines that carry content, without comments, trailing blanks and the document markers.
    static func logicalLines(_ text: String) throws -> [Line] {
        var lines: [Line] = []
        var ended = false
        // "\r\n" is one Character in Swift, so line ends are matched as such.
        let rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (offset, raw) in rawLines.enumerated() {
            let number = offset + 1
            var line = raw
            line = withoutComment(line)
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            let body = line.drop { $0 == " " }
            if body.isEmpty { continue }
            if body.first == "\t" {
                throw Failure(line: number, message: "a tab in the indentation (YAML allows spaces only)")
            }
            // A directive or the document start before any content; the document end, after which nothing.
            if line.hasPrefix("%") && lines.isEmpty && !ended { continue }
            if line == "---" && lines.isEmpty && !ended { continue }
            if line == "..." {
                ended = true
                continue
            }
            if ended || line == "---" || line.hasPrefix("--- ") {
                throw Failure(line: number, message: "one document only")
            }
            lines.append(Line(number: number, indent: line.count - body.count, text: body))
        }
        return lines
    }

    /// A `#` starts a comment at the start of a line or after a blank, outside quotes.
    static func withoutComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":" {
                    quote = character
                }
            } else if character == "#", previous == " " || previous == "\t" {
                return line[..<index]
            }
            previous = character
        }
        return line
    }

    struct Reader {
        var lines: [Line]
        var position = 0

        var current: Line? { position < lines.count ? lines[position] : nil }

        /// The node whose lines start at the current one, indented by `indent`.
        mutating func block(indent: Int) throws -> Node {
            guard let line = current, line.indent == indent else { return .null }
            if line.text == "-" || line.text.hasPrefix("- ") { return try sequence(indent: indent) }
            if ModuleFileYAML.keySplit(line.text) != nil { return try mapping(indent: indent) }
            position += 1
            let value = try ModuleFileYAML.inlineValue(line.text, line: line.number)
            if let next = current, next.indent > indent {
                throw Failure(line: next.number, message: "a scalar continued on another line is not supported")
            }
            return value
        }

        mutating func mapping(indent: Int) throws -> Node {
            var entries: [Entry] = []
            while let line = current, line.indent == indent {
                guard let (keyText, rest) = ModuleFileYAML.keySplit(line.text) else {
                    throw Failure(line: line.number, message: "expected 'key: value' in this mapping")
                }
                let key = try ModuleFileYAML.key(keyText, line: line.number)
                if entries.contains(where: { $0.key == key }) {
                    throw Failure(line: line.number, message: "'\(key)' appears twice in one mapping")
                }
                position += 1
                let value: Node
                if !rest.isEmpty {
                    value = try ModuleFileYAML.inlineValue(rest, line: line.number)
                } else if let next = current, next.indent > indent {
                    value = try block(indent: next.indent)
                } else if let next = current, next.indent == indent, next.text == "-" || next.text.hasPrefix("- ") {
                    // A block sequence may sit at its key's own indentation.
                    value = try sequence(indent: indent)
                } else {
                    value = .null
                }
                entries.append(Entry(key: key, value: value))
            }
            return .mapping(entries)
        }

        mutating func sequence(indent: Int) throws -> Node {
            var items: [Node] = []
            while let line = current, line.indent == indent, line.text == "-" || line.text.hasPrefix("- ") {
                let rest = line.text.dropFirst().drop { $0 == " " }
                if rest.isEmpty {
                    position += 1
                    if let next = current, next.indent > indent {
                        items.append(try block(indent: next.indent))
                    } else {
                        items.append(.null)
                    }
                } else {
                    // "- key: value" opens a mapping at the column of "key": read it as if it started a line there.
                    lines[position] = Line(
                        number: line.number, indent: line.indent + (line.text.count - rest.count), text: rest)
                    items.append(try block(indent: lines[position].indent))
                }
            }
            return .sequence(items)
        }
    }

    /// "key: value" → ("key", "value"); "key:" → ("key", ""). The colon must be followed by a blank or the end, and
    /// lie outside quotes and brackets; nil when the line is not a mapping entry.
    static func keySplit(_ text: Substring) -> (Substring, Substring)? {
        if let first = text.first, "[{".contains(first) { return nil }
        var quote: Character?
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if index == text.startIndex, character == "\"" || character == "'" {
                quote = character
                continue
            }
            guard character == ":" else { continue }
            let after = text.index(after: index)
            if after == text.endIndex || text[after] == " " {
                let rest = text[after...].drop { $0 == " " }
                return (text[..<index], rest)
            }
        }
        return nil
    }

    static func key(_ text: Substring, line: Int) throws -> String {
        let trimmed = text.trimmingBlanks
        if trimmed.hasPrefix("?") { throw Failure(line: line, message: "complex keys ('?') are not supported") }
        switch try inlineValue(trimmed, line: line) {
        case .scalar(let key, _): return key
        case .null: return ""
        default: throw Failure(line: line, message: "a key must be a scalar")
        }
    }

    /// A value written on its key's line: flow collection, quoted or plain scalar.
    static func inlineValue(_ text: Substring, line: Int) throws -> Node {
        var scanner = FlowScanner(text: text, line: line)
        let node = try scanner.value(inFlow: false)
        scanner.skipBlanks()
        guard scanner.atEnd else {
            throw Failure(line: line, message: "unexpected '\(scanner.rest.prefix(20))' after the value")
        }
        return node
    }

    struct FlowScanner {
        let text: Substring
        let line: Int
        var index: Substring.Index

        init(text: Substring, line: Int) {
            self.text = text
            self.line = line
            index = text.startIndex
        }

        var atEnd: Bool { index == text.endIndex }
        var rest: Substring { text[index...] }

        mutating func skipBlanks() {
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        }

        mutating func value(inFlow: Bool) throws -> Node {
            skipBlanks()
            guard index < text.endIndex else { return .null }
            switch text[index] {
            case "[": return try flowSequence()
            case "{": return try flowMapping()
            case "\"", "'": return .scalar(try quoted(), plain: false)
            case "&", "*", "!":
                throw Failure(line: line, message: "anchors, aliases and tags are not supported in the module file")
            case "|", ">":
                throw Failure(
                    line: line, message: "block scalars ('|', '>') are not supported; write the value on one line")
            default: return plain(inFlow: inFlow)
            }
        }

        mutating func plain(inFlow: Bool) -> Node {
            let start = index
            while index < text.endIndex {
                let character = text[index]
                if inFlow, ",]}".contains(character) { break }
                if inFlow, character == ":",
                    text.index(after: index) == text.endIndex
                        || text[text.index(after: index)] == " "
                {
                    break
                }
                index = text.index(after: index)
            }
            let word = String(text[start..<index].trimmingBlanks)
            return ["", "~", "null", "Null", "NULL"].contains(word) ? .null : .scalar(word, plain: true)
        }

        mutating func quoted() throws -> String {
            let quote = text[index]
            index = text.index(after: index)
            var result = ""
            while index < text.endIndex {
                let character = text[index]
                index = text.index(after: index)
                if character == quote {
                    // '' is a single quote inside single quotes.
                    if quote == "'", index < text.endIndex, text[index] == "'" {
                        result.append("'")
                        index = text.index(after: index)
                        continue
                    }
                    return result
                }
                if quote == "\"", character == "\\" {
                    result.append(try escape())
                } else {
                    result.append(character)
                }
            }
            throw Failure(line: line, message: "a quoted value is not closed on its line")
        }

        mutating func escape() throws -> Character {
            guard index < text.endIndex else { throw Failure(line: line, message: "a '\\' ends the line") }
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case "\\", "\"", "/", " ": return character
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "0": return "\0"
            case "x", "u", "U":
                let digits = character == "x" ? 2 : character == "u" ? 4 : 8
                let end = text.index(index, offsetBy: digits, limitedBy: text.endIndex) ?? text.endIndex
                guard text.distance(from: index, to: end) == digits, let value = UInt32(text[index..<end], radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw Failure(line: line, message: "a bad '\\\(character)' escape") }
                index = end
                return Character(scalar)
            default: throw Failure(line: line, message: "an unknown escape '\\\(character)'")
            }
        }

        mutating func flowSequence() throws -> Node {
            var items: [Node] = []
            try flowItems(open: "[", close: "]", in: "list") { scanner in
                items.append(try scanner.value(inFlow: true))
            }
            return .sequence(items)
        }

        mutating func flowMapping() throws -> Node {
            var entries: [Entry] = []
            try flowItems(open: "{", close: "}", in: "map") { scanner in
                guard case .scalar(let key, _) = try scanner.value(inFlow: true) else {
                    throw Failure(line: scanner.line, message: "a key must be a scalar")
                }
                scanner.skipBlanks()
                var value = Node.null
                if scanner.index < scanner.text.endIndex, scanner.text[scanner.index] == ":" {
                    scanner.index = scanner.text.index(after: scanner.index)
                    value = try scanner.value(inFlow: true)
                }
                if entries.contains(where: { $0.key == key }) {
                    throw Failure(line: scanner.line, message: "'\(key)' appears twice in one mapping")
                }
                entries.append(Entry(key: key, value: value))
            }
            return .mapping(entries)
        }

        /// The comma-separated items of a flow collection, from its `open` bracket past its `close` one, each
        /// read by `item`; the collection must close on its line.
        mutating func flowItems(
            open: Character, close: Character, in collection: String, _ item: (inout FlowScanner) throws -> Void
        ) throws {
            index = text.index(after: index)
            while true {
                skipBlanks()
                guard index < text.endIndex else {
                    throw Failure(line: line, message: "a '\(open)' is not closed on its line")
                }
                if text[index] == close {
                    index = text.index(after: index)
                    return
                }
                try item(&self)
                skipBlanks()
                if index < text.endIndex, text[index] == "," {
                    index = text.index(after: index)
                } else if index < text.endIndex, text[index] != close {
                    throw Failure(line: line, message: "expected ',' or '\(close)' in a \(collection)")
                }
            }
        }
    }
}

extension Substring {
    fileprivate var trimmingBlanks: Substring {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return self[first...last]
    }
}
