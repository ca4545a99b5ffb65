public import ChainDiagnostics
public import TLSProbe

/// How one family's TLS stack validates a broker: the facts on which the stacks of a fleet differ, each with where it
/// comes from, and the words the stack prints for each failure. The chain rules themselves run on the strict
/// validator's `Verifier` with `validation`; `ClientJudge` adds the handshake facts (TLS versions, buffer sizes).
public struct ClientProfile: Sendable {
    /// The largest handshake message a client takes with its default buffers, and the setting that changes it.
    public struct InputBuffer: Sendable, Equatable {
        /// Bytes of one TLS record's content the client can hold (the whole Certificate message must fit).
        public var defaultBytes: Int
        /// A size builds commonly lower it to, to save RAM, and what that leaves for the chain.
        public var reducedBytes: Int
        /// The setting, in the client's own terms.
        public var setting: String
        /// What the client prints when the Certificate message does not fit.
        public var error: String
    }

    public var family: ClientFamily
    /// "mbedTLS 2.28 (ESP-IDF 4.x)".
    public var name: String
    /// Which MQTT clients this family stands for.
    public var clients: String
    public var validation: ValidationProfile
    /// Versions the client offers with its defaults.
    public var tlsVersions: [TLSProtocolVersion]
    /// What it prints when the broker accepts none of them.
    public var noCommonVersionError: String
    /// Signature algorithms, curves and key sizes, in words.
    public var algorithms: String
    /// Whether and how it sends SNI.
    public var serverNameIndication: String
    /// Chain-size limit at default buffer sizes; nil when the stack reassembles handshake messages of any size.
    public var inputBuffer: InputBuffer?
    /// Its own trust store, or the system's.
    public var trustStore: String
    /// What it assumes about the clock.
    public var clock: String
    /// Where the facts come from.
    public var sources: [String]
    /// What the client prints when the chain fails for `rule`, dialling `identity`.
    var printsForRule: @Sendable (StrictRule, ServerIdentity?) -> String

    /// The text a client of this family prints for a chain rejected by `rule`.
    public func prints(_ rule: StrictRule, identity: ServerIdentity?) -> String {
        printsForRule(rule, identity)
    }

    /// Path building in words, for the report and the README.
    public var pathBuildingText: String {
        switch validation.pathBuilding {
        case .backtracking: "backtracking over every candidate issuer"
        case .laterCertificatesOnly: "any issuer further down the chain as sent, or a trust anchor"
        case .firstMatchLaterOnly: "first match, no backtracking: a trust anchor, else the first issuer further down"
        case .inPresentedOrder: "in order only: each certificate issued by the next"
        }
    }

    /// The commonName fallback in words.
    public var commonNameText: String {
        switch validation.commonNameFallback {
        case .never: "never reads the CN"
        case .whenNoSubjectAltName: "reads the CN when the leaf has no subjectAltName"
        case .whenNoDNSName: "reads the CN when the leaf has no DNS subjectAltName"
        }
    }

    /// IP address matching in words.
    public var ipAddressText: String {
        switch validation.ipAddressMatching {
        case .subjectAltName: "iPAddress SAN entries"
        case .asText: "as text against DNS names and the CN (no iPAddress SAN support)"
        case .subjectAltNameOrText: "iPAddress SAN entries, or as text against DNS names and the CN"
        }
    }

    /// The wildcard rule in words.
    public var wildcardText: String {
        validation.partialLabelWildcards
            ? "leftmost label, partial labels too (br*.example.com)" : "whole leftmost label only (*.example.com)"
    }
}
