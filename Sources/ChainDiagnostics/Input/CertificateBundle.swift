import FoundationSubstitutes
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    /// Every distinct certificate in `bytes`, parsed, in order (a repeated certificate is kept once: a trust
    /// store is a set). PEM blocks other than CERTIFICATE (keys, parameters) are skipped. Throws, naming the file
    /// and line, when a CERTIFICATE block does not parse or nothing is found.
    public static func parse(_ bytes: [UInt8], source: String) throws(ParseError) -> [ChainCertificate] {
        var certificates: [ChainCertificate] = []
        var seen: Set<DERKey> = []
        for block in try read(bytes, source: source).certificates where seen.insert(DERKey(block.der)).inserted {
            do {
                certificates.append(try ChainCertificate(der: block.der))
            } catch {
                throw ParseError(
                    source: source, line: block.line, reason: "the certificate does not parse: \(Self.short(error))")
            }
        }
        return certificates
    }

    /// A trust store's certificates: every distinct one swift-certificates reads, and the DER of those it cannot
    /// read although they are well-formed certificates (a key type it does not support, such as DSA or P-224).
    /// OpenSSL-based clients still trust those, so they are kept for OpenSSL's verdict rather than failing the
    /// whole store; a block that is not a certificate at all is still an error naming its line.
    public static func parseTrustStore(
        _ bytes: [UInt8], source: String
    ) throws(ParseError)
        -> (certificates: [ChainCertificate], unsupported: [[UInt8]])
    {
        var certificates: [ChainCertificate] = []
        var unsupported: [[UInt8]] = []
        var seen: Set<DERKey> = []
        for block in try read(bytes, source: source).certificates where seen.insert(DERKey(block.der)).inserted {
            do {
                certificates.append(try ChainCertificate(der: block.der))
            } catch {
                // A trust store keeps what only OpenSSL reads (a DSA or P-192 root, an encoding swift-certificates
                // refuses): its verdict uses them, and the analyzer names them. Only bytes that are no certificate fail.
                guard UnparseableCertificate(der: block.der).reason != .malformed else {
                    throw ParseError(
                        source: source, line: block.line, reason: "the certificate does not parse: \(Self.short(error))"
                    )
                }
                unsupported.append(block.der)
            }
        }
        return (certificates, unsupported)
    }

    /// Splits a PEM bundle (or takes one DER certificate) into DER blocks without judging them as X.509, so that
    /// a certificate swift-certificates refuses (a 1024-bit key) can still be diagnosed by the analyzer.
    public static func read(_ file: [UInt8], source: String) throws(ParseError) -> Contents {
        guard !file.isEmpty else { throw ParseError(source: source, line: nil, reason: "the file is empty") }
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the first line: as for OpenSSL, the
        // first block is read. One mark only: what follows it is the file.
        let bytes = file.starts(with: Self.byteOrderMark) ? Array(file.dropFirst(Self.byteOrderMark.count)) : file
        // DER: a certificate is one SEQUENCE (0x30). A PEM file may begin with the character "0" (0x30) too, in
        // text before its first block, so a file holding a BEGIN line is PEM whatever its first byte.
        if bytes.first == 0x30, !Self.containsBeginLine(bytes) {
            if let container = CertificateContainer(der: bytes) {
                throw ParseError(source: source, line: nil, reason: container.reason(file: source, der: true))
            }
            return Contents(certificates: [(bytes, nil)], privateKeyLines: [])
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ParseError(source: source, line: nil, reason: "neither PEM text nor a DER certificate")
        }
        // Works on the bytes, line by line: a bundle of thousands of certificates is read in one pass.
        var contents = Contents(certificates: [], privateKeyLines: [])
        var blockStart: Int?
        var blockLabel: [UInt8] = []
        var body: [UInt8] = []
        var firstDamagedLine: Int?
        var pkcs7Line: Int?
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            let line = Self.trimmed(bytes[lineStart..<lineEnd])
            lineStart = lineEnd + 1
            if blockStart == nil {
                if line.starts(with: Self.begin), line.count > Self.begin.count + Self.dashes.count,
                    line.suffix(Self.dashes.count).elementsEqual(Self.dashes)
                {
                    blockStart = lineNumber
                    blockLabel = Array(line.dropFirst(Self.begin.count).dropLast(Self.dashes.count))
                    body.removeAll(keepingCapacity: true)
                    firstDamagedLine = nil
                }
                continue
            }
            if line.starts(with: Self.end) {
                let start = blockStart ?? lineNumber
                blockStart = nil
                guard line.elementsEqual(Self.end + blockLabel + Self.dashes) else {
                    throw ParseError(
                        source: source, line: lineNumber,
                        reason:
                            "END line does not match BEGIN \(String(decoding: blockLabel, as: UTF8.self)) on line \(start)"
                    )
                }
                if blockLabel.suffix(Self.privateKey.count).elementsEqual(Self.privateKey) {
                    contents.privateKeyLines.append(start)
                }
                if blockLabel.elementsEqual(Self.pkcs7) { pkcs7Line = pkcs7Line ?? start }
                guard blockLabel.elementsEqual(Self.certificate) else { continue }
                guard let der = Data(base64Encoded: Data(body)), !der.isEmpty else {
                    // Name the first line with a character base64 does not have; else the block (a length problem).
                    throw ParseError(
                        source: source, line: firstDamagedLine ?? start,
                        reason: firstDamagedLine == nil
                            ? "the certificate's base64 is damaged (its length is wrong: a character missing?)"
                            : "the certificate's base64 is damaged (a character that is not base64)")
                }
                contents.certificates.append((Array(der), start))
                continue
            }
            // PEM headers of encrypted legacy keys ("Proc-Type: 4,ENCRYPTED") are not base64.
            if !line.contains(UInt8(ascii: ":")) {
                if firstDamagedLine == nil && !line.allSatisfy(Self.isBase64) { firstDamagedLine = lineNumber }
                body.append(contentsOf: line)
            }
        }
        if let start = blockStart {
            throw ParseError(
                source: source, line: start,
                reason: "BEGIN \(String(decoding: blockLabel, as: UTF8.self)) has no END line (truncated file?)")
        }
        if contents.certificates.isEmpty, let line = pkcs7Line {
            throw ParseError(
                source: source, line: line, reason: CertificateContainer.pkcs7.reason(file: source, der: false))
        }
        guard !contents.certificates.isEmpty else {
            throw ParseError(
                source: source, line: nil, reason: "no certificate found (expected PEM 'BEGIN CERTIFICATE' or DER)")
        }
        return contents
    }

    static let begin = Array("-----BEGIN ".utf8)
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether a line of `bytes` starts with "-----BEGIN ": one linear pass, no copy.
    static func containsBeginLine(_ bytes: [UInt8]) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            let text = bytes[lineStart...].drop { $0 == 0x20 || $0 == 0x09 }
            if text.starts(with: begin) { return true }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { return false }
            lineStart = newline + 1
        }
        return false
    }
    static let end = Array("-----END ".utf8)
    static let dashes = Array("-----".utf8)
    static let certificate = Array("CERTIFICATE".utf8)
    static let pkcs7 = Array("PKCS7".utf8)
    static let privateKey = Array("PRIVATE KEY".utf8)

    static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    /// The line without surrounding spaces, tabs and carriage returns.
    static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        guard let first = line.firstIndex(where: { !blank($0) }), let last = line.lastIndex(where: { !blank($0) })
        else {
            return line[line.startIndex..<line.startIndex]
        }
        return line[first...last]
    }

    /// A parser's error for a person: swift-asn1 and swift-certificates append the source location that
    /// raised them ("ASN1Error.truncatedASN1Field:  SwiftASN1/ASN1.swift:202"), which helps nobody reading a report.
    static func short(_ error: any Error) -> String {
        var text = String(describing: error)
        if let location = text.firstRange(of: #/\s+[A-Za-z0-9_]+\/[A-Za-z0-9_\/+.]+\.swift:\d+/#) {
            text.removeSubrange(location)
        }
        text = text.trimming(CharacterClass(": ").union(.whitespaces))
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
