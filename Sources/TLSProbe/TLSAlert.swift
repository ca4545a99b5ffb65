/// A TLS alert (RFC 8446 §6, RFC 5246 §7.2): its number on the wire and the name OpenSSL gives it.
///
/// The names are the endings of libssl's reason strings for a received alert ("tlsv1 alert unknown ca" gives
/// "unknown ca", "tlsv13 alert certificate required" gives "certificate required"), which is what reports and
/// advice have always shown. `SSL_alert_desc_string_long(3)` is not used: it spells some differently
/// ("unknown CA", "user canceled") and knows no name for 86, 109 or 116.
public struct TLSAlert: Sendable, Hashable, CustomStringConvertible {
    /// AlertDescription (RFC 8446 §6): 40 handshake_failure, 48 unknown_ca, 116 certificate_required, ...
    public let number: UInt8

    public init(number: UInt8) {
        self.number = number
    }

    /// OpenSSL's name for the alert, or "unknown (N)" for a number it does not name.
    public var name: String {
        Self.names[number] ?? "unknown (\(number))"
    }

    public var description: String { name }

    public static let handshakeFailure = TLSAlert(number: 40)
    public static let badCertificate = TLSAlert(number: 42)
    public static let unknownCA = TLSAlert(number: 48)
    public static let accessDenied = TLSAlert(number: 49)
    public static let protocolVersion = TLSAlert(number: 70)
    public static let certificateRequired = TLSAlert(number: 116)
    public static let noApplicationProtocol = TLSAlert(number: 120)

    /// Every alert libssl has a reason string for (sslerr.h: SSL_R_SSLV3_ALERT_*, SSL_R_TLSV1_ALERT_*,
    /// SSL_R_TLSV13_ALERT_*, SSL_R_TLSV1_* at 1110-1114), named as that string ends.
    static let names: [UInt8: String] = [
        0: "close notify",
        10: "unexpected message",
        20: "bad record mac",
        21: "decryption failed",
        22: "record overflow",
        30: "decompression failure",
        40: "handshake failure",
        41: "no certificate",
        42: "bad certificate",
        43: "unsupported certificate",
        44: "certificate revoked",
        45: "certificate expired",
        46: "certificate unknown",
        47: "illegal parameter",
        48: "unknown ca",
        49: "access denied",
        50: "decode error",
        51: "decrypt error",
        60: "export restriction",
        70: "protocol version",
        71: "insufficient security",
        80: "internal error",
        86: "inappropriate fallback",
        90: "user cancelled",
        100: "no renegotiation",
        109: "missing extension",
        110: "unsupported extension",
        111: "certificate unobtainable",
        112: "unrecognized name",
        113: "bad certificate status response",
        114: "bad certificate hash value",
        115: "unknown psk identity",
        116: "certificate required",
        120: "no application protocol",
    ]
}
