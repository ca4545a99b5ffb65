public import Findings
import FoundationSubstitutes

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Every fix that depends on a broker's settings, phrased in that broker's terms: which setting, how the broker
/// builds the chain it sends, and how the change takes effect. With no broker identified, the fix stays neutral and
/// lists the setting of each broker briefly. Findings whose fix does not depend on the broker are left as they are.
public enum BrokerFixes {
    /// What the rest of the report says that the fixes need.
    public struct Evidence: Sendable {
        /// The presented chain ends in a self-signed certificate: the broker sends a complete chain to a root.
        public var presentedChainIsComplete: Bool
        /// The subject of the last certificate the broker sent, and the issuer it names.
        public var presentedTop: String?
        public var presentedTopIssuer: String?
        /// The client trusts the system store (public CAs) rather than a CA file.
        public var clientUsesSystemStore: Bool
        /// The names the leaf carries (SAN entries, else the CN).
        public var leafNames: [String]
        /// The client dials an IP address.
        public var identityIsIPAddress: Bool

        public init(
            presentedChainIsComplete: Bool, presentedTop: String?, presentedTopIssuer: String? = nil,
            clientUsesSystemStore: Bool, leafNames: [String], identityIsIPAddress: Bool
        ) {
            self.presentedChainIsComplete = presentedChainIsComplete
            self.presentedTop = presentedTop
            self.presentedTopIssuer = presentedTopIssuer
            self.clientUsesSystemStore = clientUsesSystemStore
            self.leafNames = leafNames
            self.identityIsIPAddress = identityIsIPAddress
        }
    }

    public static func rephrase(
        _ findings: [Finding], for identification: BrokerIdentification?, evidence: Evidence
    ) -> [Finding] {
        var listed = false
        return findings.map { finding in
            var finding = finding
            if let fix = fix(for: finding, dialect: identification?.dialect, evidence: evidence) {
                finding.fix = fix
            }
            // With no broker known, the first fix that names the certificate file says what it is called in each.
            if identification == nil, !listed, finding.fix.includes("certfile") {
                finding.fix += " (The certificate file by broker: \(brief(\.certificateChain)).)"
                listed = true
            }
            return finding
        }
    }

    /// The self-hosted brokers, for the neutral lists.
    static let selfHosted: [BrokerDialect] = Broker.allCases.map(\.dialect).filter { $0.settings != nil }

    /// "mosquitto: certfile; RabbitMQ (rabbitmq_mqtt): ssl_options.certfile; …": one setting across brokers, each cut
    /// to its name.
    static func brief(_ setting: KeyPath<BrokerDialect.Settings, String>) -> String {
        selfHosted.map { "\($0.name): \(short($0.settings![keyPath: setting]))" }.joined(separator: "; ")
    }

    static func fix(for finding: Finding, dialect: BrokerDialect?, evidence: Evidence) -> String? {
        if let dialect, dialect.settings == nil {
            return managedFix(finding, dialect)
        }
        let settings = dialect?.settings
        let then = dialect.map { " Then \($0.reload)." } ?? ""
        let chainSetting = settings.map { short($0.certificateChain) } ?? "certfile"
        /// The analyzer's fix, which names the certificates, with mosquitto's `certfile` put in this broker's terms;
        /// without a broker, the setting of each is listed once.
        func certfileFix(_ note: String = "") -> String? {
            guard let settings else { return nil }
            return replacingCertfile(finding.fix, with: short(settings.certificateChain)) + note + then
        }
        switch finding.id {
        case .missingIntermediate:
            let note =
                dialect?.chainBuilding == .completedFromCAFile
                ? " \(dialect!.name) completes a \(chainSetting) holding only the leaf from \(settings!.caFile), and "
                    + "then sends the root too: put the intermediates in \(chainSetting) itself."
                : dialect?.chainBuilding == .keystoreEntry
                    ? " Import the whole chain into the keystore's key entry (\(settings!.certificateChain))."
                    : dialect?.chainBuilding == .reorderedAndCompleted
                        ? " \(dialect!.name) builds the chain from every certificate in \(chainSetting): listing the "
                            + "intermediate's own file there is enough." : ""
            return certfileFix(note)
        case .wrongOrder, .extraCertificate, .duplicateCertificate, .expired, .expiringSoon:
            return certfileFix()
        case .containsAnchor:
            guard let dialect, let settings else { return nil }
            if dialect.chainBuilding == .completedFromCAFile {
                return "\(dialect.name) sends \(chainSetting) as written, root included: put only the leaf and its "
                    + "intermediates there. A \(chainSetting) holding only the leaf would be completed from "
                    + "\(settings.caFile) with the root again, so keep the intermediates in it." + then
            }
            if dialect.chainBuilding == .reorderedAndCompleted {
                return "\(dialect.name) builds the chain from every certificate in \(settings.certificateChain): "
                    + "leave the root out of it." + then
            }
            return certfileFix()
        case .weakTLSVersion:
            guard let dialect, let settings else {
                return "Allow only TLS 1.2 and 1.3 on the broker: \(brief(\.tlsVersions))."
            }
            return "Allow only TLS 1.2 and 1.3 on \(dialect.name), which accepts \(dialect.defaultTLSVersions) by "
                + "default: \(settings.tlsVersions)." + then
        case .clientCertificateRequired:
            let require = settings?.requireClientCertificate ?? brief(\.requireClientCertificate)
            let optional = settings?.optionalClientCertificate ?? brief(\.optionalClientCertificate)
            return "The broker requires a client certificate (\(require)). Give the client one issued by the CA the "
                + "broker trusts (--cert and --key here), or stop requiring it: \(optional)." + then
        case .mqttConnectionRefused:
            let users = settings?.userDatabase ?? brief(\.userDatabase)
            let anonymous = settings?.anonymous ?? brief(\.anonymous)
            let code = dialect?.anonymousRefusalCode.map { " (it refuses an anonymous CONNECT with \($0))" } ?? ""
            return finding.fix + " On the broker\(code): users are in \(users); anonymous access: \(anonymous)."
                + then
        case .mqttNoConnAck where dialect?.broker == .rabbitmq:
            return "RabbitMQ before 3.13 speaks MQTT 3.1 and 3.1.1 only, and closes an MQTT 5 CONNECT without a "
                + "CONNACK: connect with MQTT 3.1.1 (--mqtt-version 3.1.1), or upgrade RabbitMQ to 3.13 or later."
        case .untrustedRoot:
            return untrustedRootFix(chainSetting: chainSetting, then: then, evidence: evidence)
        case .hostnameMismatch, .ipNotInSAN:
            let named = evidence.leafNames.prefix(4).joined(separator: ", ")
            let likely =
                evidence.identityIsIPAddress
                ? " More likely the client: it dials an address the certificate does not carry."
                : ""
            return "Either the client dials a name the certificate does not carry (it names \(named)): have it dial "
                + "one of those. Or the broker serves another host's certificate: install one that names this host "
                + "in subjectAltName in \(chainSetting)." + then + likely
        default:
            return nil
        }
    }

    /// The first part of a setting's description: "ssl_options.certfile" of "ssl_options.certfile in rabbitmq.conf
    /// (the leaf, …)".
    static func short(_ setting: String) -> String {
        let cut = setting.find(" (").map { String(setting[..<$0.lowerBound]) } ?? setting
        return cut.find(" in ").map { String(cut[..<$0.lowerBound]) } ?? cut
    }

    /// The analyzers' word for the certificate file ("the broker's certfile", "certfile"), as a whole word, replaced by
    /// this broker's setting.
    static func replacingCertfile(_ text: String, with setting: String) -> String {
        guard setting != "certfile" else { return text }
        // "the key entry of the keystore" stands on its own; "ssl_options.certfile" keeps "the broker's".
        let described = setting.hasPrefix("the ")
        let text = text.replacingAll(
            of: "The broker's certfile",
            with: described ? "The" + setting.dropFirst(3) : "The broker's \(setting)"
        )
        .replacingAll(of: "the broker's certfile", with: described ? setting : "the broker's \(setting)")
        var out = ""
        var rest = Substring(text)
        while let range = rest.find("certfile") {
            let before = rest[..<range.lowerBound].last
            let after = rest[range.upperBound...].first
            let partOfName: (Character?) -> Bool = { $0.map { $0.isLetter || "._-".contains($0) } ?? false }
            let whole = !partOfName(before) && !partOfName(after)
            out += rest[..<range.lowerBound] + (whole ? setting : "certfile")
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    static func untrustedRootFix(chainSetting: String, then: String, evidence: Evidence) -> String {
        let root =
            evidence.presentedChainIsComplete
            ? evidence.presentedTop.map { "'\($0)'" } ?? "its root"
            : evidence.presentedTopIssuer.map { "the root '\($0)'" }
                ?? "the root above '\(evidence.presentedTop ?? "")'"
        var text =
            "Either the client trusts another CA than the one that issued the broker's certificate: give the client "
            + "\(root). Or the broker serves a certificate from the wrong CA: install, in \(chainSetting), the one "
            + "issued under the CA the clients trust." + then
        if evidence.clientUsesSystemStore {
            text +=
                " More likely the client: it trusts the system store, which holds public CAs only, and the broker's "
                + "CA is a private one; give the client that root (mosquitto_sub --cafile)."
        } else if evidence.presentedChainIsComplete {
            text +=
                " The broker sends a complete chain up to \(root): if that is not your CA, the broker serves the "
                + "wrong certificate (the usual cause when one broker of many fails); if it is, the client's CA file "
                + "is out of date."
        }
        return text
    }

    static func managedFix(_ finding: Finding, _ dialect: BrokerDialect) -> String? {
        switch finding.id {
        case .missingIntermediate, .wrongOrder, .containsAnchor, .extraCertificate, .duplicateCertificate,
            .weakTLSVersion, .untrustedRoot, .expired, .expiringSoon, .hostnameMismatch:
            return "\(dialect.name) is managed: the provider serves this chain, so change the client: "
                + (dialect.clientRequirements ?? "") + "."
        case .clientCertificateRequired, .mqttConnectionRefused:
            return finding.fix + " \(dialect.name): " + (dialect.clientRequirements ?? "") + "."
        default:
            return nil
        }
    }
}
