import ChainDiagnostics
import ProbeDiagnostics
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON document of one probe or check (and, as `Audit`, of many), key for key as the schema publishes it.
struct JSONDocument: Encodable {
    /// `audit --json`: the summary, then one probe document per broker, in the order they were listed.
    struct Audit: Encodable {
        struct Summary: Encodable {
            var brokers: Int
            var accepted: Int
            var acceptedWithWarnings: Int
            var rejected: Int
            var unknown: Int
            var exitCode: Int32
        }
        var schemaVersion = JSONRenderer.schemaVersion
        var kind = "audit"
        var tool: Tool
        var startedAt: Date
        var finishedAt: Date
        var summary: Summary
        var results: [JSONDocument]

        init(_ audit: AuditReport) {
            let counts = audit.counts
            tool = Tool(version: audit.reports.first?.toolVersion ?? "")
            startedAt = audit.startedAt
            finishedAt = audit.finishedAt
            summary = Summary(
                brokers: audit.reports.count, accepted: counts[.accepted] ?? 0,
                acceptedWithWarnings: counts[.acceptedWithWarnings] ?? 0, rejected: counts[.rejected] ?? 0,
                unknown: counts[.unknown] ?? 0, exitCode: audit.exitCode)
            results = audit.reports.map(JSONDocument.init)
        }
    }

    struct Tool: Encodable { var name = "chaindoctor"; var version: String }
    struct Target: Encodable {
        var host: String
        var port: Int
        var address: String?
        var serverName: String?
        var webSocketPath: String?
    }
    struct Files: Encodable {
        var certfile: String
        var keyfile: String?
        var intermediates: String?
        var listener: String?
    }
    struct Repair: Encodable { var path: String; var written: Bool; var detail: String }
    struct Phase: Encodable { var name: String; var status: String; var error: String?; var durationMs: Double? }
    struct TLS: Encodable {
        struct Version: Encodable {
            var version: String
            var accepted: Bool
            var cipher: String?
            var error: String?
            /// Present (true) when the broker did not answer this handshake within --timeout.
            var noAnswer: Bool?
        }
        struct ClientAuth: Encodable {
            var requested: Bool; var required: Bool?; var presented: Bool; var acceptableIssuers: [String];
            var alert: String?
        }
        struct ALPN: Encodable { var offered: [String]; var selected: String? }
        struct SNI: Encodable { var sent: String?; var certificateDiffersWithoutSNI: Bool? }
        var version: String?
        var cipher: String?
        var acceptedVersions: [Version]?
        var clientAuth: ClientAuth?
        var alpn: ALPN?
        var sni: SNI
        var ocspStaple: String?
    }
    struct TrustStore: Encodable {
        var kind: String; var path: String?; var anchorCount: Int; var unsupportedCount: Int?
    }
    struct PublicKey: Encodable { var algorithm: String; var bits: Int?; var curve: String? }
    struct SubjectAltNames: Encodable { var dns: [String]; var ip: [String] }
    struct Certificate: Encodable {
        var index: Int?
        /// true for a certificate taken from `check --intermediates`; absent otherwise.
        var fromIntermediates: Bool?
        var subject: String
        var issuer: String
        var notBefore: Date
        var notAfter: Date
        var daysRemaining: Int
        var publicKey: PublicKey
        var signatureAlgorithm: String
        var subjectAltNames: SubjectAltNames
        var sha256: String
        var isCA: Bool
        var selfSigned: Bool
        var pem: String

        init(_ summary: CertificateSummary) {
            index = summary.presentedIndex
            fromIntermediates = summary.fromIntermediates ? true : nil
            subject = summary.subject
            issuer = summary.issuer
            notBefore = summary.notBefore
            notAfter = summary.notAfter
            daysRemaining = summary.daysRemaining
            publicKey = PublicKey(
                algorithm: summary.publicKey.algorithm, bits: summary.publicKey.bits, curve: summary.publicKey.curve)
            signatureAlgorithm = summary.signatureAlgorithm
            subjectAltNames = SubjectAltNames(dns: summary.dnsNames, ip: summary.ipAddresses)
            sha256 = summary.sha256
            isCA = summary.isCA
            selfSigned = summary.selfSigned
            pem = summary.pem
        }
    }
    struct OpenSSL: Encodable {
        struct Problem: Encodable { var code: Int; var error: String; var depth: Int }
        var verifyCode: Int
        var verifyError: String
        var errorDepth: Int
        var problems: [Problem]
    }
    struct MQTT: Encodable {
        struct PubSub: Encodable {
            var topic: String; var subscribed: Bool; var subscribeResult: String; var published: Bool
            var publishResult: String; var received: Bool; var roundTripMs: Double?
        }
        var protocolVersion: String
        var transport: String
        var status: String
        var returnCode: Int?
        var reasonCode: Int?
        var reason: String
        var advice: String?
        var sessionPresent: Bool?
        var clientId: String?
        var properties: [String: String]?
        var credentialsSent: Bool
        var credentialsWithheld: String?
        var pubsub: PubSub?
    }
    struct CertificateRef: Encodable { var index: Int?; var subject: String }
    struct Finding: Encodable {
        var id: String
        var severity: String
        var certificates: [CertificateRef]
        var message: String
        var evidence: String
        var fix: String
    }
    struct VerdictBlock: Encodable {
        var status: String
        var worstSeverity: String?
        var exitCode: Int32
        var summary: String
        /// Which verdict set status and exitCode: openssl, strict or both.
        var basis: String
    }
    struct Strict: Encodable {
        struct Rejection: Encodable { var rule: String; var index: Int?; var subject: String; var detail: String }
        var accepted: Bool
        var rejections: [Rejection]
    }

    struct Client: Encodable {
        struct TrustAnchor: Encodable { var subject: String; var pemBytes: Int }
        var family: String
        var name: String
        var clients: String
        var accepted: Bool
        var reason: String?
        var prints: String?
        var detail: String?
        var fix: String?
        var trustAnchor: TrustAnchor?
    }

    struct BrokerBlock: Encodable {
        var broker: String
        var name: String
        var inferredFrom: String?
        var chainBuilding: String
    }

    var schemaVersion = JSONRenderer.schemaVersion
    var kind: String
    var tool: Tool
    var startedAt: Date
    var finishedAt: Date
    var checkedAt: Date
    var target: Target?
    var files: Files?
    var identity: String?
    var repair: Repair?
    var broker: BrokerBlock?
    var verdict: VerdictBlock
    var error: String?
    var phases: [Phase]
    var tls: TLS?
    var trustStore: TrustStore?
    var presentedChain: [Certificate]
    var verifiedChain: [Certificate]?
    var openssl: OpenSSL?
    var strict: Strict?
    var certificateMessageBytes: Int?
    var clients: [Client]?
    var mqtt: MQTT?
    var findings: [Finding]

    init(_ report: ProbeReport) {
        let verdict = report.verdict
        kind = report.kind.rawValue
        tool = Tool(version: report.toolVersion)
        startedAt = report.startedAt
        finishedAt = report.finishedAt
        checkedAt = report.checkedAt
        target = report.target.map {
            Target(
                host: $0.host, port: $0.port, address: $0.address, serverName: $0.serverName,
                webSocketPath: $0.webSocketPath)
        }
        files = report.files.map {
            Files(
                certfile: $0.certfile, keyfile: $0.keyfile, intermediates: $0.intermediates, listener: $0.listener)
        }
        identity = report.identity
        broker = report.broker.map {
            BrokerBlock(
                broker: $0.broker.rawValue, name: $0.dialect.name, inferredFrom: $0.inferredFrom,
                chainBuilding: $0.dialect.chainBuildingText)
        }
        repair = report.repair.map { Repair(path: $0.path, written: $0.written, detail: $0.detail) }
        self.verdict = VerdictBlock(
            status: verdict.status.rawValue, worstSeverity: verdict.worstSeverity?.rawValue,
            exitCode: verdict.exitCode, summary: verdict.summary, basis: report.verdictBasis.rawValue)
        error = report.probeError
        phases = report.phases.map {
            Phase(
                name: $0.name, status: $0.status.rawValue, error: $0.error,
                durationMs: $0.durationMs.map { ($0 * 10).rounded() / 10 })
        }
        tls = report.tls.map { tls in
            TLS(
                version: tls.version?.rawValue, cipher: tls.cipher,
                acceptedVersions: tls.versions?.map {
                    TLS.Version(
                        version: $0.version.rawValue, accepted: $0.accepted, cipher: $0.cipher, error: $0.error,
                        noAnswer: $0.noAnswer ? true : nil)
                },
                clientAuth: tls.clientAuth.map {
                    TLS.ClientAuth(
                        requested: $0.requested, required: $0.required, presented: $0.presented,
                        acceptableIssuers: $0.acceptableIssuers, alert: $0.answer?.description)
                },
                alpn: tls.alpnOffered.isEmpty && tls.alpnSelected == nil
                    ? nil : TLS.ALPN(offered: tls.alpnOffered, selected: tls.alpnSelected),
                sni: TLS.SNI(sent: tls.serverName, certificateDiffersWithoutSNI: tls.certificateDiffersWithoutSNI),
                ocspStaple: tls.ocspStaple?.description)
        }
        trustStore = report.trustStore.map {
            TrustStore(
                kind: $0.kind, path: $0.path, anchorCount: $0.anchorCount,
                unsupportedCount: $0.unsupportedCount == 0 ? nil : $0.unsupportedCount)
        }
        presentedChain = report.chain?.presentedChain.map(Certificate.init) ?? []
        verifiedChain = report.chain?.verifiedChain?.map(Certificate.init)
        strict = report.strict.map {
            Strict(
                accepted: $0.accepted,
                rejections: $0.rejections.map {
                    Strict.Rejection(
                        rule: $0.rule.rawValue, index: $0.presentedIndex, subject: $0.subject, detail: $0.detail)
                })
        }
        openssl = report.openssl.map {
            OpenSSL(
                verifyCode: Int($0.code), verifyError: $0.text, errorDepth: Int($0.depth),
                problems: $0.problems.map { OpenSSL.Problem(code: Int($0.code), error: $0.text, depth: Int($0.depth)) })
        }
        certificateMessageBytes = report.certificateMessageBytes
        clients = report.clients?.map {
            Client(
                family: $0.family.rawValue, name: $0.profile.name, clients: $0.profile.clients, accepted: $0.accepted,
                reason: $0.reason.map(String.init(describing:)), prints: $0.prints, detail: $0.detail, fix: $0.fix,
                trustAnchor: $0.trustAnchor.map { Client.TrustAnchor(subject: $0.subject, pemBytes: $0.pemBytes) })
        }
        mqtt = report.mqtt.map {
            MQTT(
                protocolVersion: $0.protocolVersion, transport: $0.transport, status: $0.status.rawValue,
                returnCode: $0.returnCode, reasonCode: $0.reasonCode, reason: $0.reason, advice: $0.advice,
                sessionPresent: $0.sessionPresent, clientId: $0.clientIdentifier,
                properties: $0.properties.isEmpty ? nil : $0.properties, credentialsSent: $0.credentialsSent,
                credentialsWithheld: $0.credentialsWithheld,
                pubsub: $0.pubsub.map {
                    MQTT.PubSub(
                        topic: $0.topic, subscribed: $0.subscribed, subscribeResult: $0.subscribeResult,
                        published: $0.published, publishResult: $0.publishResult, received: $0.received,
                        roundTripMs: $0.roundTripMs)
                })
        }
        findings = report.findings.map {
            Finding(
                id: $0.id.rawValue, severity: $0.severity.rawValue,
                certificates: $0.certificates.map { CertificateRef(index: $0.presentedIndex, subject: $0.subject) },
                message: $0.message, evidence: $0.evidence, fix: $0.fix)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, kind, tool, startedAt, finishedAt, checkedAt, target, files, identity, repair, broker
        case verdict, error, phases, tls, trustStore
        case presentedChain, verifiedChain, openssl, strict, certificateMessageBytes, clients, mqtt, findings
    }
}
