public import Findings

/// Every rule about a broker's TLS surface, in the order their findings are listed: versions, client
/// certificates, SNI, ALPN. Pure: what the probe saw and how the client is configured in, findings out.
/// A new TLS rule is one file in this folder and one line here.
public enum TLSSurfaceRules {
    public static func findings(_ tls: TLSSurface, client: TLSClientSide) -> [Finding] {
        VersionRules.findings(tls, client: client)
            + ClientAuthRules.findings(tls, client: client)
            + SNIRule.findings(tls)
            + ALPNRule.findings(tls)
    }
}
