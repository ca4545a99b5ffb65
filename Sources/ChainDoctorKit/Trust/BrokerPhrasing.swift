import Brokers
import ChainDiagnostics
import Report

/// The last step of a probe or a check: which broker the fixes speak to (`--broker`, else what can be inferred),
/// and every broker-dependent fix rephrased in its terms (`BrokerFixes`).
enum BrokerPhrasing {
    static func apply(to report: inout ProbeReport, broker: Broker?, host: String?) {
        let anonymousCode = report.mqtt.flatMap { $0.credentialsSent ? nil : $0.returnCode }.map(UInt8.init)
        report.broker =
            broker.map { BrokerIdentification(broker: $0, inferredFrom: nil) }
            ?? host.flatMap { BrokerInference.infer(host: $0, anonymousConnectReturnCode: anonymousCode) }
        let presented = report.chain?.presentedChain ?? []
        let leaf = presented.first
        let evidence = BrokerFixes.Evidence(
            presentedChainIsComplete: presented.count > 1 && presented.last?.selfSigned == true,
            presentedTop: presented.last?.displayName, presentedTopIssuer: presented.last?.issuer,
            clientUsesSystemStore: report.trustStore?.kind == "system",
            leafNames: leaf.map { $0.dnsNames + $0.ipAddresses } ?? [],
            identityIsIPAddress: report.identity.map { IPAddressText.parse($0) != nil } ?? false)
        report.findings = BrokerFixes.rephrase(report.findings, for: report.broker, evidence: evidence)
    }
}
