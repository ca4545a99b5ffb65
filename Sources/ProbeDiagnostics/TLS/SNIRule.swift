public import Findings

/// Whether clients that send no SNI (old stacks, clients that dial an IP address; RFC 6066 §3) get the same
/// certificate as those that do.
public enum SNIRule {
    public static func findings(_ tls: TLSSurface) -> [Finding] {
        guard tls.certificateDiffersWithoutSNI == true else { return [] }
        return [
            Finding(
                id: .sniDependentCertificate,
                message: "Clients that send no SNI get another certificate than clients that send "
                    + "'\(tls.serverName ?? "")'.",
                evidence: "the leaf presented without SNI differs from the one presented with SNI",
                fix: "Old clients and those that dial an IP address send no SNI: make the default certificate valid "
                    + "for them too, or make sure every client sends the name.")
        ]
    }
}
