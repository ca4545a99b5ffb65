internal import COpenSSL
internal import COpenSSLShims
import Glibc

/// OpenSSL's own judgement of a presented chain: what mosquitto_sub, paho and every other OpenSSL-based
/// client would report, verify code and text included.
public struct OpenSSLVerdict: Sendable, Equatable {
    /// One error the verifier met, at a depth of the chain it built (0 is the leaf).
    public struct Problem: Sendable, Equatable {
        public var code: Int32
        public var text: String
        public var depth: Int32

        public init(code: Int32, text: String, depth: Int32) {
            self.code = code
            self.text = text
            self.depth = depth
        }
    }

    /// OpenSSL's text for a verify code: what an OpenSSL client prints after "certificate verify failed".
    public static func text(forCode code: Int32) -> String {
        String(cString: X509_verify_cert_error_string(Int(code)))
    }

    /// The first error, which is the one a client stops at (X509_V_OK, 0, when the chain verified).
    public var code: Int32
    /// OpenSSL's text for `code` (X509_verify_cert_error_string(3)): "unable to get local issuer certificate".
    public var text: String
    /// The depth at which the first error occurred.
    public var depth: Int32
    /// Every error met when verification is allowed to continue past each one, in order.
    public var problems: [Problem]
    /// The chain OpenSSL built (leaf first), DER; as far as it got when verification failed.
    public var builtChain: [[UInt8]]

    public var isValid: Bool { code == 0 }

    public init(code: Int32, text: String, depth: Int32, problems: [Problem], builtChain: [[UInt8]] = []) {
        self.code = code
        self.text = text
        self.depth = depth
        self.problems = problems
        self.builtChain = builtChain
    }
}

/// Runs X509_verify_cert(3) over a presented chain as an OpenSSL TLS client does: purpose `ssl_server`,
/// the client's trust store, the host name or IP address it dialled (X509_VERIFY_PARAM_set1_host(3)),
/// and a caller-supplied verification time (X509_VERIFY_PARAM_set_time(3)), so that a fixed clock in
/// tests yields the same verdict every time.
public enum OpenSSLVerifier {
    public static func verify(
        presentedChain: [[UInt8]], trustStore: TrustStoreSource, hostname: String?, ipAddress: String?,
        atUnixTime time: Int64, securityLevel: Int32 = 2
    ) throws(TLSProbeError) -> OpenSSLVerdict {
        guard let leafDER = presentedChain.first else {
            throw .invalidInput("the server presented no certificate")
        }
        OpenSSLErrorQueue.clear()
        guard let store = X509_STORE_new() else { throw .openSSL("X509_STORE_new failed") }
        defer { X509_STORE_free(store) }
        try load(trustStore, into: store)

        guard let leaf = DER.decodeCertificate(leafDER) else {
            throw .invalidInput("the leaf certificate is not valid DER")
        }
        defer { X509_free(leaf) }
        guard let untrusted = cd_sk_X509_new_null() else { throw .openSSL("sk_X509_new_null failed") }
        defer { cd_sk_X509_pop_free(untrusted) }
        for der in presentedChain.dropFirst() {
            guard let certificate = DER.decodeCertificate(der) else {
                throw .invalidInput("a presented certificate is not valid DER")
            }
            _ = cd_sk_X509_push(untrusted, certificate)
        }

        guard let context = X509_STORE_CTX_new() else { throw .openSSL("X509_STORE_CTX_new failed") }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, leaf, untrusted) == 1 else {
            throw .openSSL("X509_STORE_CTX_init failed: \(OpenSSLErrorQueue.drainText().joined(separator: "; "))")
        }
        // What libssl does for a client verifying a server (ssl_verify_cert_chain).
        _ = X509_STORE_CTX_set_default(context, "ssl_server")
        let parameters = X509_STORE_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_time(parameters, time_t(time))
        X509_VERIFY_PARAM_set_auth_level(parameters, securityLevel)
        if let ipAddress {
            _ = X509_VERIFY_PARAM_set1_ip_asc(parameters, ipAddress)
        } else if let hostname {
            _ = X509_VERIFY_PARAM_set1_host(parameters, hostname, 0)
        }

        let collector = ProblemCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        _ = cd_X509_STORE_CTX_set_app_data(context, unmanaged.toOpaque())
        X509_STORE_CTX_set_verify_cb(context) { ok, context in
            guard let context, ok == 0, let raw = cd_X509_STORE_CTX_get_app_data(context) else { return 1 }
            let collector = Unmanaged<ProblemCollector>.fromOpaque(raw).takeUnretainedValue()
            let code = X509_STORE_CTX_get_error(context)
            collector.problems.append(
                OpenSSLVerdict.Problem(
                    code: code, text: String(cString: X509_verify_cert_error_string(Int(code))),
                    depth: X509_STORE_CTX_get_error_depth(context)))
            // Carry on, so that every problem is seen; the first one is what a client reports.
            return 1
        }
        let result = X509_verify_cert(context)
        OpenSSLErrorQueue.clear()

        var built: [[UInt8]] = []
        if let chain = X509_STORE_CTX_get0_chain(context) {
            built = (0..<cd_sk_X509_num(chain)).compactMap {
                cd_sk_X509_value(chain, $0).flatMap(DER.encode(certificate:))
            }
        }
        if let first = collector.problems.first {
            return OpenSSLVerdict(
                code: first.code, text: first.text, depth: first.depth,
                problems: collector.problems, builtChain: built)
        }
        if result != 1 {
            let code = X509_STORE_CTX_get_error(context)
            return OpenSSLVerdict(
                code: code, text: String(cString: X509_verify_cert_error_string(Int(code))),
                depth: X509_STORE_CTX_get_error_depth(context), problems: [], builtChain: built)
        }
        return OpenSSLVerdict(code: 0, text: "ok", depth: 0, problems: [], builtChain: built)
    }

    private static func load(_ source: TrustStoreSource, into store: OpaquePointer) throws(TLSProbeError) {
        switch source {
        case .caFile(let path):
            guard X509_STORE_load_file(store, path) == 1 else {
                let reasons = OpenSSLErrorQueue.drainText()
                throw .invalidInput("cannot load CA file \(path): \(reasons.first ?? "no certificate in it")")
            }
        case .caPath(let path):
            guard X509_STORE_load_path(store, path) == 1 else {
                let reasons = OpenSSLErrorQueue.drainText()
                throw .invalidInput("cannot use CA directory \(path): \(reasons.first ?? "unreadable")")
            }
        case .certificates(let file, let certificates):
            for der in certificates {
                guard let certificate = DER.decodeCertificate(der) else {
                    throw .invalidInput("\(file): a certificate OpenSSL cannot decode")
                }
                defer { X509_free(certificate) }
                // X509_STORE_add_cert takes its own reference.
                guard X509_STORE_add_cert(store, certificate) == 1 else {
                    let reason = OpenSSLErrorQueue.drainText().first ?? "cannot add a certificate to the store"
                    throw .invalidInput("\(file): \(reason)")
                }
            }
        case .system:
            guard X509_STORE_set_default_paths(store) == 1 else {
                throw .invalidInput("cannot load the system trust store: \(OpenSSLErrorQueue.drainText().first ?? "")")
            }
        }
        OpenSSLErrorQueue.clear()
    }
}

/// Collects verify-callback errors; reached from C through the store context's app data.
private final class ProblemCollector {
    var problems: [OpenSSLVerdict.Problem] = []
}
