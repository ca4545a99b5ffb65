/// A byte stream an application protocol (MQTT) runs over: a TLS connection, a WebSocket on one, or memory in tests.
///
/// Failures are `TLSProbeError`s of the phase the caller names, so the report marks the step that ran over the
/// channel, whatever carries it.
public protocol ByteChannel: AnyObject {
    func write(_ bytes: [UInt8], phase: ProbePhase) throws(TLSProbeError)
    /// The next bytes (at most `maximum`); empty when the peer closed.
    func read(maximum: Int, phase: ProbePhase) throws(TLSProbeError) -> [UInt8]
}

extension TLSConnection: ByteChannel {}
