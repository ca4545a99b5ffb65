import ChainDiagnostics
import ProbeDiagnostics
public import Report
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `--all-addresses`: a name that stands for several nodes (DNS round robin, or several A/AAAA records in front of
/// a cluster) is probed at each of its addresses with the same SNI name and identity, as an audit of those
/// addresses; nodes that disagree with the rest (another chain, expiry, TLS versions or CONNACK) get a
/// `nodes_disagree` finding that names them.
public enum NodeSweep {
    /// The probes to run: one per address of `settings.target.host`, or the settings as they are when the target
    /// is an address already. Throws when the name does not resolve.
    public static func expand(
        _ settings: ProbeSettings, network: any ProbeNetwork = OpenSSLNetwork()
    ) throws
        -> [ProbeSettings]
    {
        if case .ipAddress = ServerIdentity(settings.target.host) { return [settings] }
        let addresses: [String]
        do {
            addresses = try network.addresses(of: settings.target.host)
        } catch {
            throw SweepError(description: error.description)
        }
        return addresses.map { address in
            var node = settings
            node.target.host = address
            // SNI and the name checked stay the name's, whatever address is dialled.
            node.serverName = settings.serverName ?? settings.target.host
            return node
        }
    }

    public struct SweepError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Adds the disagreement findings to the reports of one name's nodes (in the order probed).
    public static func compare(_ reports: inout [ProbeReport], name: String, port: Int) {
        let facts = reports.map { report in
            NodeFacts(
                address: report.target?.host ?? "?",
                chain: report.chain?.presentedChain.map(\.sha256) ?? [],
                leafNotAfter: report.chain?.presentedChain.first?.notAfter,
                acceptedVersions: report.tls?.versions?.filter(\.accepted).map(\.version),
                connackCode: report.mqtt?.reasonCode ?? report.mqtt?.returnCode)
        }
        let added = NodeAgreementRule.findings(name: name, port: port, nodes: facts)
        for index in reports.indices where !added[index].isEmpty {
            reports[index].findings = (reports[index].findings + added[index]).sortedWorstFirst()
        }
    }
}
