internal import COpenSSL
internal import COpenSSLShims
import Synchronization

/// The client `SSL_CTX`s, one per configuration, shared by every connection that configures it alike. Making one
/// costs OpenSSL 3 about 1.3 million instructions (its cipher and group lists, the provider lookups behind them),
/// as much as the rest of a survey handshake; an audit makes five connections per broker. A context is only read
/// once configured (SSL_new takes a reference of its own, and every per-connection setting is made on the `SSL*`),
/// so threads share it safely. Contexts that load a client certificate are made per connection, so that a
/// certificate renewed on disk is read again.
enum ClientContexts {
    private struct Key: Equatable {
        var versions: ClosedRange<TLSProtocolVersion>?
        var legacySecurity: Bool
        var ciphers: String?
    }

    /// One reference to each context, owned here for the life of the process (a few configurations at most).
    private struct Owned: @unchecked Sendable {
        var key: Key
        var context: OpaquePointer
    }

    /// Searched in order: a handful of entries, where a dictionary's first use would cost more (the runtime's
    /// conformance lookup for a new key type, 0.3 million instructions) than every search a run makes.
    private static let shared = Mutex<[Owned]>([])
    /// More configurations than a run makes (a version survey uses five): past it, contexts are no longer kept.
    private static let capacity = 32

    /// A configured client context with a reference of the caller's own, to free with SSL_CTX_free.
    static func context(for options: TLSClientOptions) throws(TLSProbeError) -> OpaquePointer {
        guard options.clientCertificate == nil else { return try make(options) }
        let key = Key(versions: options.versions, legacySecurity: options.legacySecurity, ciphers: options.ciphers)
        if let kept = shared.withLock({ table -> OpaquePointer? in
            guard let owned = table.first(where: { $0.key == key }) else { return nil }
            SSL_CTX_up_ref(owned.context)
            return owned.context
        }) {
            return kept
        }
        let context = try make(options)
        let keptByAnother: OpaquePointer? = shared.withLock { table in
            if let owned = table.first(where: { $0.key == key }) {
                SSL_CTX_up_ref(owned.context)
                return owned.context
            }
            if table.count < capacity {
                SSL_CTX_up_ref(context)
                table.append(Owned(key: key, context: context))
            }
            return nil
        }
        if let keptByAnother {
            SSL_CTX_free(context)
            return keptByAnother
        }
        return context
    }

    private static func make(_ options: TLSClientOptions) throws(TLSProbeError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .openSSL("SSL_CTX_new failed: \(OpenSSLErrorQueue.drainText().joined(separator: "; "))")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        // Verification is ours, after the handshake (OpenSSLVerifier); OpenSSL's own step only copies the chain
        // into the connection's HandshakeState (SSL_CTX_set_cert_verify_callback(3): the callback replaces
        // X509_verify_cert and accepts).
        SSL_CTX_set_cert_verify_callback(
            context,
            { storeContext, _ in
                guard let storeContext, let state = HandshakeState.of(storeContext: storeContext) else { return 1 }
                if let untrusted = X509_STORE_CTX_get0_untrusted(storeContext) {
                    state.presentedChain = (0..<cd_sk_X509_num(untrusted)).compactMap { index in
                        cd_sk_X509_value(untrusted, index).flatMap(RecentCertificates.encodeRemembering)
                    }
                } else if let leaf = X509_STORE_CTX_get0_cert(storeContext),
                    let der = RecentCertificates.encodeRemembering(leaf)
                {
                    state.presentedChain = [der]
                }
                return 1
            }, nil)
        do {
            try configure(context, options)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return context
    }

    /// Versions, security level, and the client certificate.
    private static func configure(_ context: OpaquePointer, _ options: TLSClientOptions) throws(TLSProbeError) {
        if let versions = options.versions {
            _ = cd_SSL_CTX_set_min_proto_version(context, versions.lowerBound.openSSLValue)
            _ = cd_SSL_CTX_set_max_proto_version(context, versions.upperBound.openSSLValue)
        }
        if options.legacySecurity {
            SSL_CTX_set_security_level(context, 0)
            _ = SSL_CTX_set_cipher_list(context, "ALL:@SECLEVEL=0")
        } else if let ciphers = options.ciphers, SSL_CTX_set_cipher_list(context, ciphers) != 1 {
            let reason = OpenSSLErrorQueue.drainText().first ?? "no cipher matches"
            throw .invalidInput("the cipher list '\(ciphers)' is not one OpenSSL can use: \(reason)")
        }
        if let client = options.clientCertificate {
            guard SSL_CTX_use_certificate_chain_file(context, client.certificateFile) == 1 else {
                let reason = OpenSSLErrorQueue.drainText().first ?? "unreadable"
                throw .invalidInput("cannot load client certificate \(client.certificateFile): \(reason)")
            }
            // Never prompt for a passphrase.
            SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
            guard SSL_CTX_use_PrivateKey_file(context, client.keyFile, SSL_FILETYPE_PEM) == 1 else {
                let reason = OpenSSLErrorQueue.drainText().first ?? "unreadable or encrypted"
                throw .invalidInput("cannot load client key \(client.keyFile): \(reason)")
            }
            guard SSL_CTX_check_private_key(context) == 1 else {
                throw .invalidInput("the client key \(client.keyFile) does not belong to \(client.certificateFile)")
            }
        }
    }
}
