import Exporter
import Foundation
import Testing
import Yams

/// The module file's reader against Yams, the YAML library it replaced (a test dependency only): every document of
/// the subset it reads must come out as Yams reads it, and every document outside it must be refused, never misread.
@Suite struct ModuleFileYAMLTests {
    static let supported = [
        """
        # Two modules: the fleet's clients, and a strict expiry window.
        modules:
          devices:
            cafile: /etc/ssl/ca.crt
            clients: [openssl, mbedtls]
            quick: true
          long-window:
            cafile: "/etc/ssl/ca crt"   # quoted, with a blank
            warn-days: 30000
            crit-days: 7
            clients: openssl
            mqtt-version: 5
        """,
        "modules:\n  fleet:\n    cafle: /etc/ssl/ca.crt\n",
        "modules:\n  fleet:\n    timeout: -1\n",
        "modules: [a, b]\n",
        "---\nmodules:\n  bare:\n  empty: {}\n  flow: {cafile: a.crt, quick: false, clients: [go, 'java']}\n...\n",
        "modules:\n  listed:\n    clients:\n    - go\n    - java\n  nested:\n    clients:\n      - \"openssl\"\n      - 'mbed''tls'\n",
        "modules:\n  m:\n    password: \"a#b\\\"c\\u00e9\\\\\"\n    url: http://x:1/#frag\n    note: it's # a comment\n",
        "\r\nmodules:\r\n  crlf:\r\n    quick: true\r\n",
        "modules:\n  n:\n    a: ~\n    b: null\n    c:\n    d: 'null'\n    e: True\n    f: 3.5\n",
        "modules:\n  b:\n    quick: yes\n    no-mqtt: On\n    insecure: off\n    x: NO\n    y: 'yes'\n",
        "modules:\n  - name: a\n    cafile: x\n  - name: b\n",
        "",
        "# only a comment\n",
    ]

    static let refused = [
        "modules:\n  a: &anchor\n    quick: true\n  b: *anchor\n",
        "modules:\n  a:\n    note: |\n      two\n      lines\n",
        "modules:\n  a:\n    note: >\n      folded\n",
        "modules:\n  a: !!str tagged\n",
        "modules:\n  a:\n    clients: [go,\n      java]\n",
        "modules:\n  a:\n    note: \"not closed\n",
        "modules:\n\ta:\n",
        "modules:\n  a: 1\n  a: 2\n",
        "modules:\n  a:\n    plain: first\n      continued\n",
        "? complex\n: key\n",
        "a: 1\n---\nb: 2\n",
        "modules:\n  a: 1\n b: 2\n",
    ]

    @Test(arguments: supported) func readsAsYamsDoes(_ document: String) throws {
        let ours = try ModuleFileYAML.parse(document)
        let theirs = try Yams.load(yaml: document)
        #expect(Self.normalized(ours) == Self.normalized(yams: theirs), "\(document)")
    }

    @Test(arguments: refused) func refusesWhatItCannotRead(_ document: String) {
        #expect(throws: ModuleFileYAML.Failure.self, "\(document)") { try ModuleFileYAML.parse(document) }
    }

    @Test func failuresNameTheirLine() {
        #expect(
            throws: ModuleFileYAML.Failure(
                line: 3, message: "anchors, aliases and tags are not supported in the module file")
        ) {
            try ModuleFileYAML.parse("modules:\n  a:\n    b: &x 1\n")
        }
    }

    /// Both readers' results as one comparable shape: scalars as text, YAML 1.2's booleans and numbers as Yams
    /// resolves them.
    indirect enum Shape: Equatable {
        case null, text(String), list([Shape]), map([String: Shape])
    }

    static func normalized(_ node: ModuleFileYAML.Node) -> Shape {
        switch node {
        case .null: .null
        case .scalar(let text, let plain):
            if plain, ModuleFileYAML.trueWords.contains(text) {
                .text("true")
            } else if plain, ModuleFileYAML.falseWords.contains(text) {
                .text("false")
            } else if plain, let number = Double(text) {
                .text(String(number))
            } else {
                .text(text)
            }
        case .sequence(let items): .list(items.map(normalized))
        case .mapping(let entries):
            .map(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, normalized($0.value)) }))
        }
    }

    static func normalized(yams value: Any?) -> Shape {
        switch value {
        case nil, is NSNull: .null
        case let flag as Bool: .text(flag ? "true" : "false")
        case let number as Int: .text(String(Double(number)))
        case let number as Double: .text(String(number))
        case let text as String: .text(text)
        case let list as [Any]: .list(list.map { normalized(yams: $0) })
        case let map as [String: Any]: .map(map.mapValues { normalized(yams: $0) })
        default: .text("unexpected \(type(of: value))")
        }
    }
}
