import ChainDiagnostics
import Report
import TLSProbe

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `check --repair OUT`: the chain a broker should serve, RFC 5246 §7.4.2 order (leaf, then each
/// intermediate followed by the one that issued it), root left out; written only when OpenSSL verifies it.
enum ChainRepair {
    static func write(
        _ chain: ChainAnalysis, to output: OutputFile, trust: TrustStoreLoader.Loaded, identity: ServerIdentity?,
        at instant: Date
    ) -> ProbeReport.Repair {
        let path = output.path
        guard let verified = chain.verifiedChain else {
            return .init(
                path: path, written: false,
                detail: "no path from the leaf to a trusted root exists in the given files; "
                    + "add the missing intermediates with --intermediates DIR or use the right --cafile")
        }
        let served = verified.filter { !$0.selfSigned || $0.presentedIndex == 0 }
        do {
            let openssl = try ChainJudge.openSSLVerdict(
                served.map(\.der), trust: trust, identity: identity, at: instant)
            guard openssl.isValid else {
                return .init(
                    path: path, written: false,
                    detail:
                        "the ordered chain would still fail OpenSSL's verification: \(openssl.code) \(openssl.text) "
                        + "at depth \(openssl.depth); fix that first")
            }
            try output.write(served.map(\.pem).joined(separator: "\n") + "\n")
        } catch {
            return .init(path: path, written: false, detail: "cannot write: \(error)")
        }
        return .init(
            path: path, written: true,
            detail: served.map { "'\($0.displayName)'" }.joined(separator: ", ")
                + " (\(served.count) certificate\(served.count == 1 ? "" : "s"), root left out); point certfile at it")
    }
}
