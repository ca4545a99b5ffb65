import Foundation
import X509
import SwiftASN1

/// Reads the certificates of a file a broker or client is configured with: a PEM bundle, or one DER
/// certificate. Pure: the caller reads the bytes, this only parses them.
public enum CertificateBundle {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var source: String
        public var line: Int?
        public var reason: String
        public var description: String {
            if let line { return "\(source):\(line): \(reason)" }
            return "\(source): \(reason)"
        }
    }

    /// Every certificate in `bytes`. PEM blocks other than CERTIFICATE (keys, parameters) are skipped.
    /// Throws, naming the file and line, when a CERTIFICATE block does not parse or nothing is found.
    public static func parse(_ bytes: [UInt8], source: String) throws(ParseError) -> [ChainCertificate] {
        guard !bytes.isEmpty else { throw ParseError(source: source, line: nil, reason: "the file is empty") }
        // DER: a certificate is one SEQUENCE (0x30) with a long-form length.
        if bytes.first == 0x30 {
            do {
                return [try ChainCertificate(der: bytes)]
            } catch {
                throw ParseError(source: source, line: nil, reason: "not a DER certificate: \(Self.short(error))")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ParseError(source: source, line: nil, reason: "neither PEM text nor a DER certificate")
        }
        var certificates: [ChainCertificate] = []
        var blockStart: Int?
        var blockLabel = ""
        var body = ""
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if blockStart == nil {
                if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                    blockStart = lineNumber
                    blockLabel = String(line.dropFirst(11).dropLast(5))
                    body = ""
                }
                continue
            }
            if line.hasPrefix("-----END ") {
                let start = blockStart ?? lineNumber
                blockStart = nil
                guard line == "-----END \(blockLabel)-----" else {
                    throw ParseError(source: source, line: lineNumber, reason: "END line does not match BEGIN \(blockLabel) on line \(start)")
                }
                guard blockLabel == "CERTIFICATE" else { continue }
                guard let der = Data(base64Encoded: body) else {
                    throw ParseError(source: source, line: start, reason: "the certificate's base64 is damaged")
                }
                do {
                    certificates.append(try ChainCertificate(der: Array(der)))
                } catch {
                    throw ParseError(source: source, line: start, reason: "the certificate does not parse: \(Self.short(error))")
                }
                continue
            }
            body += line
        }
        if let start = blockStart {
            throw ParseError(source: source, line: start, reason: "BEGIN \(blockLabel) has no END line (truncated file?)")
        }
        guard !certificates.isEmpty else {
            throw ParseError(source: source, line: nil, reason: "no certificate found (expected PEM 'BEGIN CERTIFICATE' or DER)")
        }
        return certificates
    }

    static func short(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
