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

    /// What a certificate file holds, before X.509 parsing: each certificate's DER with the line its PEM
    /// block starts on (nil for a DER file), and the lines where private-key blocks start.
    public struct Contents: Sendable {
        public var certificates: [(der: [UInt8], line: Int?)]
        public var privateKeyLines: [Int]
    }

    /// Every certificate in `bytes`, parsed. PEM blocks other than CERTIFICATE (keys, parameters) are skipped.
    /// Throws, naming the file and line, when a CERTIFICATE block does not parse or nothing is found.
    public static func parse(_ bytes: [UInt8], source: String) throws(ParseError) -> [ChainCertificate] {
        var certificates: [ChainCertificate] = []
        for block in try read(bytes, source: source).certificates {
            do {
                certificates.append(try ChainCertificate(der: block.der))
            } catch {
                throw ParseError(source: source, line: block.line, reason: "the certificate does not parse: \(Self.short(error))")
            }
        }
        return certificates
    }

    /// Splits a PEM bundle (or takes one DER certificate) into DER blocks without judging them as X.509, so that
    /// a certificate swift-certificates refuses (a 1024-bit key) can still be diagnosed by the analyzer.
    public static func read(_ bytes: [UInt8], source: String) throws(ParseError) -> Contents {
        guard !bytes.isEmpty else { throw ParseError(source: source, line: nil, reason: "the file is empty") }
        // DER: a certificate is one SEQUENCE (0x30).
        if bytes.first == 0x30 {
            return Contents(certificates: [(bytes, nil)], privateKeyLines: [])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ParseError(source: source, line: nil, reason: "neither PEM text nor a DER certificate")
        }
        var contents = Contents(certificates: [], privateKeyLines: [])
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
                if blockLabel.hasSuffix("PRIVATE KEY") { contents.privateKeyLines.append(start) }
                guard blockLabel == "CERTIFICATE" else { continue }
                guard let der = Data(base64Encoded: body), !der.isEmpty else {
                    throw ParseError(source: source, line: start, reason: "the certificate's base64 is damaged")
                }
                contents.certificates.append((Array(der), start))
                continue
            }
            // PEM headers of encrypted legacy keys ("Proc-Type: 4,ENCRYPTED") are not base64.
            if !line.contains(":") { body += line }
        }
        if let start = blockStart {
            throw ParseError(source: source, line: start, reason: "BEGIN \(blockLabel) has no END line (truncated file?)")
        }
        guard !contents.certificates.isEmpty else {
            throw ParseError(source: source, line: nil, reason: "no certificate found (expected PEM 'BEGIN CERTIFICATE' or DER)")
        }
        return contents
    }

    static func short(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
