/// How bad a finding is, in the order a monitoring system ranks them.
///
/// - `critical`: OpenSSL-based clients (mosquitto_sub, paho, Python) reject the broker now.
/// - `error`: a defect that standard clients reject in some configurations, or that breaks on a known date.
/// - `warning`: accepted today, but fragile or against the standards (strict clients may refuse).
/// - `info`: worth knowing, nothing to fix.
/// - `ok`: a check that passed, stated for the record.
public enum Severity: String, Sendable, Equatable, Comparable, CaseIterable, Codable {
    case ok, info, warning, error, critical

    private var rank: Int {
        switch self {
        case .ok: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
