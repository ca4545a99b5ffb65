internal import COpenSSL
internal import COpenSSLShims

/// What the server stapled in answer to a status request (RFC 6066 §8, RFC 6960 §4.2.1).
public enum OCSPStaple: Sendable, Equatable {
    /// Nothing stapled.
    case none
    /// A response, with its responseStatus ("successful", "tryLater", ...) as OpenSSL names it, and the
    /// status of the first certificate it covers ("good", "revoked", "unknown") when it has one.
    case response(status: String, certificateStatus: String?, bytes: Int)
    /// Bytes that are not an OCSP response.
    case malformed(bytes: Int)

    static func read(_ ssl: OpaquePointer) -> OCSPStaple {
        var pointer: UnsafePointer<UInt8>?
        let length = cd_SSL_get_tlsext_status_ocsp_resp(ssl, &pointer)
        guard length > 0, let start = pointer else { return .none }
        var cursor: UnsafePointer<UInt8>? = start
        guard let response = d2i_OCSP_RESPONSE(nil, &cursor, length) else { return .malformed(bytes: length) }
        defer { OCSP_RESPONSE_free(response) }
        let status = String(cString: OCSP_response_status_str(Int(OCSP_response_status(response))))
        var certificateStatus: String?
        if let basic = OCSP_response_get1_basic(response) {
            defer { OCSP_BASICRESP_free(basic) }
            if OCSP_resp_count(basic) > 0, let single = OCSP_resp_get0(basic, 0) {
                let code = OCSP_single_get0_status(single, nil, nil, nil, nil)
                certificateStatus = String(cString: OCSP_cert_status_str(Int(code)))
            }
        }
        return .response(status: status, certificateStatus: certificateStatus, bytes: length)
    }
}

extension OCSPStaple: CustomStringConvertible {
    /// "none", "successful, certificate good (1523 bytes)", "malformed (12 bytes)": as the report states it.
    public var description: String {
        switch self {
        case .none: "none"
        case .response(let status, let certificate, let bytes):
            "\(status)\(certificate.map { ", certificate \($0)" } ?? "") (\(bytes) bytes)"
        case .malformed(let bytes): "malformed (\(bytes) bytes)"
        }
    }
}
