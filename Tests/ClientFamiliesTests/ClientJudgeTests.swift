import ChainDiagnostics
import ClientFamilies
import TLSProbe
import TestSupport
import Testing

/// The handshake facts `ClientJudge` adds to a chain verdict: the TLS versions the broker accepts and the size of
/// the Certificate message, on the healthy scenario (which every family accepts as a chain).
@Suite struct ClientJudgeTests {
    static func healthy(_ families: [ClientFamily], versions: [TLSProtocolVersion]?) throws -> [ClientVerdict] {
        ClientJudge(families: families).judge(
            presentedChain: try TestChainsFiles.presented("healthy"),
            trustAnchors: try TestChainsFiles.presented("healthy", file: "client-ca.crt"),
            identity: .dnsName("broker.test"), at: ChainScenarioCase.instant, openssl: nil,
            acceptedVersions: versions)
    }

    @Test func aTLS13OnlyBrokerLocksOutMbedTLS2AndBearSSL() throws {
        let verdicts = try Self.healthy([.go, .java, .mbedtls, .bearssl, .wolfssl], versions: [.tls1_3])
        #expect(verdicts.filter(\.accepted).map(\.family) == [.go, .java, .wolfssl])
        let mbedtls = try #require(verdicts.first { $0.family == .mbedtls })
        #expect(mbedtls.reason == .noCommonVersion)
        #expect(mbedtls.fix?.contains("tls_version tlsv1.2") == true)
        #expect(mbedtls.detail?.contains("TLS 1.3") == true)
    }

    @Test func everyFamilyAcceptsWhenTLS12IsKept() throws {
        let verdicts = try Self.healthy(ClientFamily.allCases, versions: [.tls1_2, .tls1_3])
        #expect(verdicts.map(\.family) == [.go, .java, .mbedtls, .bearssl, .wolfssl], "no OpenSSL verdict given")
        #expect(verdicts.allSatisfy { $0.accepted })
        #expect(verdicts.allSatisfy { $0.trustAnchor?.subject.contains("chaindoctor Test Root CA") == true })
    }

    @Test func certificateMessageSizeIsTheTLSFraming() throws {
        let chain = try TestChainsFiles.presented("healthy")
        #expect(CertificateMessage.size(of: chain) == 7 + chain.map { 3 + $0.count }.reduce(0, +))
        #expect(CertificateMessage.pemSize(derBytes: 3) == 28 + 4 + 1 + 26)
    }

    @Test func theClientsListParses() throws {
        #expect(try ClientFamily.parseList("go, Java,go").get() == [.go, .java])
        #expect(try ClientFamily.parseList("all").get() == ClientFamily.allCases)
        if case .failure(let error) = ClientFamily.parseList("gnutls") {
            #expect(error.description.contains("unknown client family 'gnutls'"))
        } else {
            Issue.record("gnutls is not a family")
        }
    }
}
