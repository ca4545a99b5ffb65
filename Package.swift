// swift-tools-version: 6.0
// chaindoctor: why does an MQTT client say "certificate verify failed"?
//
// Dependency direction (enforced by the target graph), from the executable down:
//   chaindoctor (commands, options, exit)  → Exporter, Lab, ChainDoctorKit, Report
//   Exporter (the HTTP server for Prometheus: /probe, /metrics) → ChainDoctorKit, Report
//   Lab (broken brokers to point a client at: TestChains scenarios served over TLS, MQTT answered)
//       → TLSProbe (its server side), ChainDiagnostics, MQTTCodec
//   ChainDoctorKit (runs a probe, a check, an audit; the MQTT session; trust stores; repair)
//       → ProbeDiagnostics, ChainDiagnostics, Report, TLSProbe, WebSocket, MQTTCodec
//   Report (the report model and one renderer per format; no rules)
//       → ProbeDiagnostics, ClientFamilies, ChainDiagnostics, Findings
//   ProbeDiagnostics (pure rules: TLS surface, handshake failures, MQTT, files, the verdicts, client families)
//       → ClientFamilies, ChainDiagnostics, Findings, TLSProbe (its plain values), MQTTCodec
//   ClientFamilies (how OpenSSL, Go, Java, mbedTLS, BearSSL and wolfSSL clients validate; a verdict per family)
//       → ChainDiagnostics, TLSProbe (its plain values)
//   ChainDiagnostics (pure chain rules on swift-certificates, and the strict validator on its Verifier) → Findings
//   Brokers (each broker's settings, chain behaviour and reload; fixes in its terms; what identifies it) → Findings
//   Findings (Finding, FindingID, Severity): depends on nothing
//   WebSocket (RFC 6455 framing and upgrade, over any ByteChannel) → TLSProbe (ByteChannel), swift-crypto
//   TLSProbe (the only code touching OpenSSL) → COpenSSLShims → COpenSSL (system libssl/libcrypto)
//   MQTTCodec: pure, no I/O
//   FoundationSubstitutes (find, replace, trim, threads, on the standard library and Glibc, so that nothing links
//       full Foundation, its ICU and CoreFoundation): no dependency
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "chaindoctor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chaindoctor", targets: ["chaindoctor"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Test-only: the reference for the exporter's module-file reader (ExporterTests).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "COpenSSLShims",
            dependencies: ["COpenSSL"]
        ),
        .target(
            name: "TLSProbe",
            dependencies: ["COpenSSLShims", "COpenSSL"],
            swiftSettings: upcoming
        ),
        .target(
            name: "WebSocket",
            dependencies: ["TLSProbe", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcoming
        ),
        .target(
            name: "MQTTCodec",
            swiftSettings: upcoming
        ),
        .target(
            name: "Findings",
            swiftSettings: upcoming
        ),
        .target(
            name: "FoundationSubstitutes",
            swiftSettings: upcoming
        ),
        .target(
            name: "ChainDiagnostics",
            dependencies: [
                "Findings", "FoundationSubstitutes",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Brokers",
            dependencies: ["Findings", "FoundationSubstitutes"],
            swiftSettings: upcoming
        ),
        .target(
            name: "ClientFamilies",
            dependencies: [
                "ChainDiagnostics", "TLSProbe", "FoundationSubstitutes",
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "ProbeDiagnostics",
            dependencies: [
                "Findings", "Brokers", "ChainDiagnostics", "ClientFamilies", "TLSProbe", "MQTTCodec",
                "FoundationSubstitutes",
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Report",
            dependencies: [
                "Findings", "Brokers", "ChainDiagnostics", "ClientFamilies", "ProbeDiagnostics", "TLSProbe",
                "FoundationSubstitutes",
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "ChainDoctorKit",
            dependencies: [
                "Findings", "Brokers", "ChainDiagnostics", "ClientFamilies", "ProbeDiagnostics", "Report", "TLSProbe",
                "WebSocket", "FoundationSubstitutes",
                "MQTTCodec", .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Lab",
            dependencies: ["TLSProbe", "ChainDiagnostics", "MQTTCodec", "FoundationSubstitutes"],
            swiftSettings: upcoming
        ),
        .target(
            name: "Exporter",
            dependencies: ["ChainDoctorKit", "Report", "FoundationSubstitutes"],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "chaindoctor",
            dependencies: [
                "ChainDoctorKit", "Exporter", "Lab", "Report", "Findings", "Brokers", "ChainDiagnostics",
                "ClientFamilies",
                "TLSProbe", "MQTTCodec", "FoundationSubstitutes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["hot-functions.order"],
            swiftSettings: upcoming,
            // What the process costs before main (Benchmarks/README.md): lld packs the ~90,000 relative relocations
            // of a position-independent binary into a few kB (DT_RELR, glibc 2.36) instead of 2 MB that the loader
            // reads at every start, and the 17,000 symbols the Swift driver exports for nobody (no plugin links
            // against chaindoctor) leave the dynamic symbol table the loader searches. ASLR stays. The functions a
            // probe runs are placed side by side (hot-functions.order, made by Benchmarks/hot-functions.sh), so
            // that the kernel maps fewer pages of code around them (6 MB rather than 9); a name no longer found is
            // skipped.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--no-export-dynamic",
                        "-Xlinker",
                        "--symbol-ordering-file=\(Context.packageDirectory)/Sources/chaindoctor/hot-functions.order",
                        "-Xlinker", "--no-warn-symbol-ordering",
                    ], .when(platforms: [.linux]))
            ]
        ),
        // libFuzzer targets (Tests/Fuzz/run.sh builds them with -sanitize=fuzzer,address -DFUZZING); in a normal
        // build each is a tool that replays the files it is given, which FuzzCorpusTests runs on the seed corpus.
        .target(name: "CFuzzDriver", path: "Tests/Fuzz/Driver"),
        .target(
            name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Tests/Fuzz/Support", swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzPEM", dependencies: ["ChainDiagnostics", "FuzzSupport"], path: "Tests/Fuzz/PEM",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzHandshakeFailure", dependencies: ["TLSProbe", "FuzzSupport"],
            path: "Tests/Fuzz/HandshakeFailure",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzMQTT", dependencies: ["MQTTCodec", "FuzzSupport"], path: "Tests/Fuzz/MQTT",
            swiftSettings: upcoming),
        .executableTarget(
            name: "FuzzWebSocket", dependencies: ["WebSocket", "FuzzSupport"],
            path: "Tests/Fuzz/WebSocket",
            swiftSettings: upcoming),
        // Shared by the test targets: loopback sockets, the server harness, the TestChains expectations, a seeded
        // generator, an in-memory byte channel and a scripted MQTT broker for it.
        .target(
            name: "TestSupport",
            dependencies: [
                "ChainDiagnostics", "TLSProbe", "MQTTCodec",
                // ScriptedBroker answers with the lab's MQTT responder.
                "Lab",
                // The chain corpus mints its certificates in-process.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: upcoming
        ),
        .testTarget(name: "MQTTCodecTests", dependencies: ["MQTTCodec", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "ChainDoctorKitTests",
            dependencies: [
                "ChainDoctorKit", "ChainDiagnostics", "Report", "Findings", "ProbeDiagnostics", "ClientFamilies",
                "TLSProbe", "MQTTCodec", "TestSupport",
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ChainDiagnosticsTests",
            dependencies: [
                "ChainDiagnostics", "Findings", "TLSProbe", "TestSupport",
                // The differential test runs swift-certificates' own Verifier beside ours and OpenSSL's.
                .product(name: "X509", package: "swift-certificates"),
                // The strict validator's tests mint their certificates with P-256 keys.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "BrokersTests", dependencies: ["Brokers", "Findings"], swiftSettings: upcoming),
        .testTarget(
            name: "FoundationSubstitutesTests", dependencies: ["FoundationSubstitutes"], swiftSettings: upcoming),
        // Yams, the YAML library the module file's reader replaced, is the reference it is tested against.
        .testTarget(
            name: "ExporterTests", dependencies: ["Exporter", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming),
        .testTarget(
            name: "ClientFamiliesTests",
            dependencies: ["ClientFamilies", "ChainDiagnostics", "TLSProbe", "TestSupport"],
            swiftSettings: upcoming),
        .testTarget(
            name: "ProbeDiagnosticsTests",
            dependencies: ["ProbeDiagnostics", "Findings", "ChainDiagnostics", "TLSProbe", "MQTTCodec"],
            swiftSettings: upcoming),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Findings", "ChainDiagnostics", "ProbeDiagnostics", "TLSProbe"],
            swiftSettings: upcoming),
        .testTarget(
            name: "TLSProbeTests", dependencies: ["TLSProbe", "COpenSSL", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "WebSocketTests", dependencies: ["WebSocket", "TLSProbe", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "EndToEndTests",
            // Crypto: Prometheus's hashmod is md5, which the fleet test computes to check the sharding.
            dependencies: ["chaindoctor", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcoming
        ),
    ]
)
