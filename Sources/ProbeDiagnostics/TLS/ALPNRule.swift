public import Findings

/// Whether the broker selected one of the ALPN protocols offered (RFC 7301 §3.2): a broker that routes by
/// ALPN needs the right value; one without ALPN support ignores the extension.
public enum ALPNRule {
    public static func findings(_ tls: TLSSurface) -> [Finding] {
        guard !tls.alpnOffered.isEmpty, tls.alpnSelected == nil, tls.version != nil else { return [] }
        return [
            Finding(
                id: .alpnNotSelected,
                message: "The broker selected none of the ALPN protocols offered "
                    + "(\(tls.alpnOffered.joined(separator: ", "))).",
                evidence: "no ALPN extension in the ServerHello",
                fix: "Brokers that route by ALPN (AWS IoT on 443 wants x-amzn-mqtt-ca) need the right value; a broker "
                    + "without ALPN support ignores it, which is harmless on 8883.")
        ]
    }
}
