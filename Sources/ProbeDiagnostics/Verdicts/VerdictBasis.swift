/// Which verdict sets the status and the exit code (`--verdict`): OpenSSL's, the strict validator's, or the worse
/// of the two. Both are always reported; this says which clients the operator answers for.
public enum VerdictBasis: String, Sendable, Equatable, CaseIterable {
    /// OpenSSL clients: mosquitto, paho C and Python, Node.
    case openssl
    /// Strict clients: RFC 5280 and Web PKI rules with backtracking path building, as Go, Java and rustls validate.
    case strict
    /// The worse of the two: a chain either kind of client refuses is refused.
    case both
}
