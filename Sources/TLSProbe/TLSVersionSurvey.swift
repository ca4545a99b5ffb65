import Dispatch
import Synchronization

/// Which TLS versions a server accepts: one handshake per version, min = max = that version, each only as far as
/// the server's hello (`TLSConnection.serverHello`), run concurrently so the whole survey takes about as long as
/// the slowest answer. TLS 1.0 and 1.1 are offered at security level 0, the only way OpenSSL 3 will offer them;
/// nothing else changes.
public enum TLSVersionSurvey {
    public struct Result: Sendable, Equatable {
        public var version: TLSProtocolVersion
        public var accepted: Bool
        /// The cipher negotiated, when accepted.
        public var cipher: String?
        /// Why not, when refused: the alert or OpenSSL's reason.
        public var error: String?
        /// The server did not answer this handshake in time: not known to be refused.
        public var noAnswer: Bool

        public init(
            version: TLSProtocolVersion, accepted: Bool, cipher: String?, error: String?, noAnswer: Bool = false
        ) {
            self.version = version
            self.accepted = accepted
            self.cipher = cipher
            self.error = error
            self.noAnswer = noAnswer
        }
    }

    /// Every version, but those in `known` (what an earlier handshake already showed), which are taken as they are.
    public static func run(host: String, port: UInt16, options: TLSClientOptions, known: [Result] = []) -> [Result] {
        let knownVersions = Set(known.map(\.version))
        let versions = TLSProtocolVersion.allCases.filter { !knownVersions.contains($0) }
        let results = Mutex<[TLSProtocolVersion: Result]>(
            Dictionary(uniqueKeysWithValues: known.map { ($0.version, $0) }))
        DispatchQueue.concurrentPerform(iterations: versions.count) { index in
            let version = versions[index]
            var single = options
            single.versions = version...version
            single.legacySecurity = version < .tls1_2
            single.requestOCSPStaple = false
            let result: Result
            do throws(TLSProbeError) {
                let hello = try TLSConnection.serverHello(host: host, port: port, options: single)
                result = Result(version: version, accepted: true, cipher: hello.cipher, error: nil)
            } catch {
                var noAnswer = false
                if case .timedOut = error { noAnswer = true }
                result = Result(
                    version: version, accepted: false, cipher: nil,
                    error: error.peerAlert.map { "alert \($0)" } ?? error.description, noAnswer: noAnswer)
            }
            results.withLock { $0[version] = result }
        }
        let collected = results.withLock { $0 }
        return TLSProtocolVersion.allCases.compactMap { collected[$0] }
    }
}
