// swift-tools-version: 6.0
// chaindoctor: why does an MQTT client say "certificate verify failed"?
//
// Dependency direction (enforced by the target graph):
//   chaindoctor (CLI) → Report → ChainDiagnostics → X509/SwiftASN1
//   chaindoctor (CLI) → TLSProbe → COpenSSLShims → COpenSSL (system libssl/libcrypto)
//   chaindoctor (CLI) → WebSocket → TLSProbe (ByteChannel), swift-crypto (SHA-1 of the opening handshake)
//   chaindoctor (CLI) → MQTTCodec (pure, no I/O)
// Only TLSProbe sees OpenSSL; ChainDiagnostics never opens a socket or reads the clock.
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
            name: "ChainDiagnostics",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Report",
            dependencies: ["ChainDiagnostics"],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "chaindoctor",
            dependencies: [
                "TLSProbe", "WebSocket", "MQTTCodec", "ChainDiagnostics", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "MQTTCodecTests", dependencies: ["MQTTCodec"], swiftSettings: upcoming),
        .testTarget(
            name: "ChainDiagnosticsTests",
            dependencies: [
                "ChainDiagnostics", "TLSProbe",
                // The differential test runs swift-certificates' own Verifier beside ours and OpenSSL's.
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "ReportTests", dependencies: ["Report", "ChainDiagnostics"], swiftSettings: upcoming),
        .testTarget(name: "TLSProbeTests", dependencies: ["TLSProbe", "COpenSSL"], swiftSettings: upcoming),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "TLSProbe"], swiftSettings: upcoming),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["chaindoctor"],
            swiftSettings: upcoming
        ),
    ]
)
