import Foundation
import TestSupport
import Testing

/// PKCS#7 and PKCS#12 bundles, made by openssl at test time from the healthy scenario, given where PEM belongs:
/// one line naming the container and the openssl command that converts it, exit 3, as certfile and as --cafile.
/// A PEM file is still read (the healthy chain checks clean with the same command).
@Suite(.timeLimit(.minutes(10))) struct ContainerFileTests {
    static var healthy: String { TestPaths.scenarioFile("healthy", "broker.crt") }
    static var key: String { TestPaths.scenarioFile("healthy", "broker.key") }
    static var anchors: String { TestPaths.scenarioFile("healthy", "client-ca.crt") }

    static func expectNamed(
        _ file: String, _ conversion: String, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        for arguments in [["check", file], ["check", healthy, "--cafile", file]] {
            let run = try Harness.run(arguments, sourceLocation: sourceLocation)
            #expect(run.exitCode == 3, "\(arguments): \(run.stdout)", sourceLocation: sourceLocation)
            #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
            #expect(run.stderr.contains(conversion), "\(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func pkcs7InPEMAndDERIsNamedWithItsConversion() throws {
        let directory = try TemporaryDirectory("containers")
        let pem = directory.file("chain.p7b"), der = directory.file("chain.p7c")
        try BadFileTests.tool("openssl", ["crl2pkcs7", "-nocrl", "-certfile", Self.healthy, "-out", pem])
        try BadFileTests.tool(
            "openssl", ["crl2pkcs7", "-nocrl", "-certfile", Self.healthy, "-outform", "DER", "-out", der])
        try Self.expectNamed(pem, "openssl pkcs7 -print_certs -in \(pem) -out chain.pem")
        try Self.expectNamed(der, "openssl pkcs7 -inform DER -print_certs -in \(der) -out chain.pem")
    }

    @Test func pkcs12IsNamedWithItsExtraction() throws {
        let directory = try TemporaryDirectory("containers")
        let bundle = directory.file("broker.p12")
        try BadFileTests.tool(
            "openssl",
            ["pkcs12", "-export", "-in", Self.healthy, "-inkey", Self.key, "-passout", "pass:x", "-out", bundle])
        try Self.expectNamed(bundle, "this is a PKCS#12 bundle")
        try Self.expectNamed(bundle, "openssl pkcs12 -in \(bundle) -nokeys -out chain.pem")
    }

    @Test func pemStillReads() throws {
        let run = try Harness.run(["check", Self.healthy, "--cafile", Self.anchors])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
    }
}
