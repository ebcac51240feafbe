import Foundation
import Synchronization

/// A content file's text as people wrote it, made uniform: a UTF-8 byte-order mark dropped and CRLF line
/// ends turned into LF, so that line numbers in diagnostics match what an editor shows.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics.
    public let path: String
    public let text: String

    /// Where each line starts, found once, the first time a diagnostic asks for a line: a file of
    /// 10,000 unknown keys asked for 10,000 lines, and finding each from the top took seconds.
    private let lineStarts = LineStarts()

    public init(path: String, text: String) {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Swift treats "\r\n" as one Character, so replace on scalars.
        if text.containsByte(0x0D) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        self.path = path
        self.text = text
    }

    /// Reads a file, reporting what keeps it from being read as a diagnostic: not a regular file, too
    /// large (`ContentFileBytes.maximumSize`), not UTF-8 (with the encoding it looks like, at its first
    /// bad byte), or holding a character content may not hold (`ContentCharacters`), at its line and column.
    public static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> SourceFile {
        let bytes: [UInt8]
        do {
            bytes = try ContentFileBytes.contents(of: url.path)
        } catch {
            throw Diagnostic(file: displayPath, line: 1, column: 1, field: "", message: error.message, hint: error.hint)
        }
        return try bytes.withUnsafeBufferPointer { buffer throws(Diagnostic) in
            try decode(buffer, displayPath: displayPath)
        }
    }

    /// Whether nothing is at the path (a link to nothing included): the one failure that means "missing".
    static func isMissing(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) != 0 && (errno == ENOENT || errno == ENOTDIR)
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, displayPath: String) throws(Diagnostic) -> SourceFile {
        if let wide = ContentEncoding.wideGuess(bytes) {
            throw encodingDiagnostic(wide, at: ContentEncoding.firstInvalidByte(bytes, countingNUL: true) ?? 0, in: bytes, displayPath)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = ContentEncoding.firstInvalidByte(bytes, countingNUL: false) ?? 0
            let guess: ContentEncoding.Guess = ContentEncoding.looksLikeGBK(bytes, from: offset) ? .gbk : .unknown
            throw encodingDiagnostic(guess, at: offset, in: bytes, displayPath)
        }
        let source = SourceFile(path: displayPath, text: text)
        var normalised = source.text
        let forbidden = normalised.withUTF8 { utf8 in
            ContentCharacters.firstForbidden(in: utf8).map { ($0.value, ContentCharacters.position(of: $0.offset, in: utf8)) }
        }
        if let (value, place) = forbidden {
            throw source.diagnostic(
                line: place.line, column: place.column, field: "",
                message: "有不能出现的字符 \(ContentCharacters.name(of: value))", hint: ContentCharacters.hint)
        }
        return source
    }

    private static func encodingDiagnostic(
        _ guess: ContentEncoding.Guess, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ displayPath: String
    ) -> Diagnostic {
        let place = ContentCharacters.position(of: offset, in: bytes)
        // The line up to the bad byte, which is valid UTF-8 (for UTF-16, up to its first NUL).
        let validPart = String(decoding: UnsafeBufferPointer(rebasing: bytes[place.lineStart..<offset]), as: UTF8.self)
        return Diagnostic(
            file: displayPath, line: place.line, column: place.column, field: "",
            message: "文件不是 UTF-8 编码：\(guess.words)",
            hint: "请用 UTF-8 编码另存这个文件（记事本：“另存为”，编码选 UTF-8；WPS/VS Code：右下角或“文件”菜单里选 UTF-8 编码保存）",
            sourceLine: validPart)
    }

    /// The text of a line, counted from 1; nil past the end. Lines are found only when a diagnostic needs
    /// one, so reading thousands of good files costs no line table.
    public func line(_ number: Int) -> String? {
        let starts = lineStarts.offsets(in: text)
        guard number >= 1, number <= starts.count else { return nil }
        let utf8 = text.utf8
        let start = starts[number - 1]
        let end = number < starts.count ? starts[number] - 1 : utf8.count
        return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]))
    }

    public func diagnostic(
        line: Int, column: Int, field: String, message: String, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            file: path, line: line, column: column, field: field, message: message, hint: hint,
            sourceLine: self.line(line))
    }
}

/// The byte offsets at which a text's lines start, computed on first use and kept.
final class LineStarts: Sendable {
    private let starts = Mutex<[Int]?>(nil)

    func offsets(in text: String) -> [Int] {
        starts.withLock { cached in
            if let cached { return cached }
            var found = [0]
            for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { found.append(offset + 1) }
            cached = found
            return found
        }
    }
}
