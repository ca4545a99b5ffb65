public import ChainDiagnostics
public import TLSProbe
import X509

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Judges one captured chain for each selected client family: the OpenSSL family by OpenSSL's own verdict, every
/// other family by the strict validator's `Verifier` run with that family's `ValidationProfile`; then the handshake
/// facts a chain verdict cannot see (the TLS versions the broker accepts, the size of the Certificate message).
/// Pure: chain, trust anchors, identity, instant and what the probe saw in, verdicts out.
public struct ClientJudge: Sendable {
    public var families: [ClientFamily]
    public var policy: ChainPolicy

    public init(families: [ClientFamily], policy: ChainPolicy = ChainPolicy()) {
        self.families = families
        self.policy = policy
    }

    /// - Parameters:
    ///   - openssl: OpenSSL's verdict on the same chain; the OpenSSL family is left out without one.
    ///   - acceptedVersions: the versions the broker accepted in the survey; nil when not surveyed.
    public func judge(
        presentedChain: [[UInt8]], trustAnchors: [[UInt8]], identity: ServerIdentity?, at instant: Date,
        openssl: OpenSSLVerdict?, acceptedVersions: [TLSProtocolVersion]? = nil
    ) -> [ClientVerdict] {
        judge(
            presentedChain: presentedChain, trustAnchors: AnchorSet(der: trustAnchors), identity: identity, at: instant,
            openssl: openssl, acceptedVersions: acceptedVersions)
    }

    /// The same against anchors parsed once for every family, and the presented certificates parsed once
    /// (`parses`, the verify step's).
    public func judge(
        presentedChain: [[UInt8]], trustAnchors: AnchorSet, identity: ServerIdentity?, at instant: Date,
        openssl: OpenSSLVerdict?, acceptedVersions: [TLSProtocolVersion]? = nil,
        parses: CertificateParses = CertificateParses()
    ) -> [ClientVerdict] {
        families.compactMap { family in
            let profile = family.profile
            let verdict: ClientVerdict
            if family == .openssl {
                guard let openssl else { return nil }
                verdict = opensslVerdict(openssl, trustAnchors: trustAnchors)
            } else {
                verdict = chainVerdict(
                    profile, presentedChain: presentedChain, trustAnchors: trustAnchors, identity: identity,
                    at: instant, parses: parses)
            }
            guard verdict.accepted else { return verdict }
            if let acceptedVersions, !acceptedVersions.isEmpty,
                Set(acceptedVersions).isDisjoint(with: profile.tlsVersions)
            {
                return ClientVerdict(
                    family: family, accepted: false, reason: .noCommonVersion, prints: profile.noCommonVersionError,
                    detail: "The broker accepts \(Self.list(acceptedVersions)); \(profile.name) offers "
                        + "\(Self.list(profile.tlsVersions)).",
                    fix: "Keep \(Self.list(profile.tlsVersions.filter { $0 >= .tls1_2 })) enabled on the broker for "
                        + "these clients (mosquitto: tls_version tlsv1.2 accepts TLS 1.2 and 1.3).")
            }
            if let buffer = profile.inputBuffer {
                let size = CertificateMessage.size(of: presentedChain)
                if size > buffer.defaultBytes {
                    return ClientVerdict(
                        family: family, accepted: false, reason: .certificateMessageTooLarge, prints: buffer.error,
                        detail:
                            "The Certificate message is \(size) bytes; \(profile.name) holds \(buffer.defaultBytes) "
                            + "bytes of handshake in its input buffer (\(buffer.setting)).",
                        fix: "Serve a chain under \(buffer.defaultBytes) bytes: leave the root and unrelated "
                            + "certificates out of the broker's certfile, prefer ECDSA P-256 keys; or raise "
                            + "\(buffer.setting).")
                }
            }
            return verdict
        }
    }

    func opensslVerdict(_ openssl: OpenSSLVerdict, trustAnchors: AnchorSet) -> ClientVerdict {
        guard !openssl.isValid else {
            return ClientVerdict(
                family: .openssl, accepted: true,
                trustAnchor: openssl.builtChain.last.flatMap { Self.need($0, anchors: trustAnchors) })
        }
        return ClientVerdict(
            family: .openssl, accepted: false, reason: .opensslVerifyCode(openssl.code),
            prints: "certificate verify failed: \(openssl.text) (verify code \(openssl.code))",
            detail: "X509_verify_cert stops at depth \(openssl.depth): \(openssl.text).")
    }

    func chainVerdict(
        _ profile: ClientProfile, presentedChain: [[UInt8]], trustAnchors: AnchorSet, identity: ServerIdentity?,
        at instant: Date, parses: CertificateParses = CertificateParses()
    ) -> ClientVerdict {
        let validator = StrictValidator(policy: policy, profile: profile.validation)
        let verdict = validator.validate(
            presentedChain: presentedChain, trustAnchors: trustAnchors, identity: identity, at: instant,
            parses: parses)
        if verdict.accepted {
            return ClientVerdict(
                family: profile.family, accepted: true,
                trustAnchor: verdict.path?.last.flatMap { Self.need($0, anchors: trustAnchors) })
        }
        let rejection = Self.decisive(verdict.rejections)
        let rule = rejection?.rule ?? .missingIssuer
        return ClientVerdict(
            family: profile.family, accepted: false, reason: .chain(rule),
            prints: profile.prints(rule, identity: identity), detail: rejection?.detail,
            fix: ClientFixes.fix(for: rule, profile: profile, identity: identity))
    }

    /// The rejection a client reports: a path that reached a trust anchor and failed a rule says more than a path
    /// that found no issuer, and a rule this family is the odd one out on (order, size) says the most.
    static func decisive(_ rejections: [StrictRejection]) -> StrictRejection? {
        let pathEnds: Set<StrictRule> = [.missingIssuer, .untrustedRoot, .signatureInvalid]
        return rejections.first { $0.rule == .presentationOrder || $0.rule == .chainTooLong }
            ?? rejections.first { !pathEnds.contains($0.rule) } ?? rejections.first
    }

    /// The anchor a client needs, by subject and PEM size: taken from `anchors` when it is one of them (it is
    /// parsed there already), else parsed.
    static func need(_ der: [UInt8], anchors: AnchorSet) -> ClientVerdict.TrustAnchorNeed? {
        guard let certificate = anchors.certificate(der: der) ?? (try? Certificate(derEncoded: der)) else { return nil }
        return ClientVerdict.TrustAnchorNeed(
            subject: certificate.subject.text, pemBytes: CertificateMessage.pemSize(derBytes: der.count))
    }

    static func list(_ versions: [TLSProtocolVersion]) -> String {
        versions.sorted().map(\.displayName).joined(separator: ", ")
    }
}
