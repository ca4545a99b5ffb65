import ChainDiagnostics
import Findings
import Testing

@Suite(.timeLimit(.minutes(10))) struct HostnameMatcherTests {
    @Test(arguments: [
        ("broker.test", "broker.test", true),
        ("Broker.Test", "broker.test.", true),
        ("*.example.com", "mqtt.example.com", true),
        ("*.example.com", "example.com", false),
        ("*.example.com", "a.b.example.com", false),
        ("*.com", "example.com", false),
        ("mq*.example.com", "mqtt.example.com", true),
        ("*tt.example.com", "mqtt.example.com", true),
        ("m*.example.com", "xn--bcher-kva.example.com", false),
        ("*.*.example.com", "a.b.example.com", false),
        ("a.*.example.com", "a.b.example.com", false),
        ("*.168.1.1", "192.168.1.1", false),
        ("other.example", "broker.test", false),
        ("", "broker.test", false),
    ])
    func dnsMatching(pattern: String, host: String, expected: Bool) {
        #expect(HostnameMatcher.matches(pattern: pattern, host: host) == expected)
    }

    @Test func identityClassification() {
        #expect(ServerIdentity("127.0.0.1") == .ipAddress([127, 0, 0, 1]))
        #expect(ServerIdentity("[::1]") == .ipAddress([UInt8](repeating: 0, count: 15) + [1]))
        #expect(ServerIdentity("broker.test") == .dnsName("broker.test"))
        #expect(ServerIdentity("256.1.1.1") == .dnsName("256.1.1.1"))
    }

    @Test(arguments: [
        ("::1", "::1"), ("2001:db8::8:800:200c:417a", "2001:db8::8:800:200c:417a"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"), ("fe80:0:0:0:0:0:0:1", "fe80::1"), ("10.0.0.1", "10.0.0.1"),
    ])
    func ipTextRoundTrip(input: String, canonical: String) throws {
        let bytes = try #require(IPAddressText.parse(input))
        #expect(IPAddressText.format(bytes) == canonical)
    }

    @Test(arguments: ["1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1.2.3", "1.2.3.4.5", ":::", "g::1"])
    func invalidAddresses(input: String) {
        #expect(IPAddressText.parse(input) == nil)
    }
}
