import ChainDiagnostics
import TestSupport
import Testing
import X509

/// `CertificateKey` is a certificate as a key: the same certificate, parsed twice, is one key with one hash, and
/// distinct certificates stay distinct, even those whose to-be-signed parts begin alike (one CA's serial numbers
/// are all that tells its certificates' first bytes apart).
@Suite(.timeLimit(.minutes(10))) struct CertificateKeyTests {
    @Test func oneKeyPerDistinctCertificateUnderTestChains() throws {
        var encodings: Set<[UInt8]> = []
        var keys: Set<CertificateKey> = []
        for (_, certificate) in TestChainsFiles.everyCertificate() {
            let again = try Certificate(derEncoded: certificate.der)
            #expect(CertificateKey(certificate.certificate) == CertificateKey(again))
            #expect(CertificateKey(certificate.certificate).hashValue == CertificateKey(again).hashValue)
            encodings.insert(certificate.der)
            keys.insert(CertificateKey(again))
        }
        #expect(encodings.count > 30, "TestChains holds the certificates this test is about")
        #expect(keys.count == encodings.count)
    }
}
