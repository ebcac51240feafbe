import Foundation

/// A content file's text as people wrote it, made uniform: a UTF-8 byte-order mark dropped and CRLF line
/// ends turned into LF, so that line numbers in diagnostics match what an editor shows.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics.
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Swift treats "\r\n" as one Character, so replace on scalars.
        let hasCarriageReturn = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0x0D)
        if hasCarriageReturn {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        self.path = path
        self.text = text
    }

    /// Reads a file, reporting bytes that are not UTF-8 as a diagnostic rather than guessing an encoding.
    public static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> SourceFile {
        guard let data = try? Data(contentsOf: url) else {
            throw Diagnostic(file: displayPath, line: 1, column: 1, field: "", message: "无法读取文件")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(
                file: displayPath, line: 1, column: 1, field: "", message: "文件不是 UTF-8 编码",
                hint: "请用 UTF-8 编码保存（记事本“另存为”时选择 UTF-8）")
        }
        return SourceFile(path: displayPath, text: text)
    }

    /// The text of a line, counted from 1; nil past the end. Lines are found only when a diagnostic needs
    /// one, so reading thousands of good files costs no line table.
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: number, omittingEmptySubsequences: false)
        guard number <= lines.count else { return nil }
        return String(Substring(lines[number - 1]))
    }

    public func diagnostic(
        line: Int, column: Int, field: String, message: String, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            file: path, line: line, column: column, field: field, message: message, hint: hint,
            sourceLine: self.line(line))
    }
}

extension String {
    /// Without leading and trailing whitespace and line breaks (full-width space included). Most fields
    /// have none, and then the string is returned as is, without Foundation's bridging to NSString.
    var trimmingWhitespace: String {
        // Most fields start and end with a character that is plainly not a space: no table lookups.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        guard first.isWhiteSpace || last.isWhiteSpace else { return self }
        let start = scalars.firstIndex { !$0.isWhiteSpace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.isWhiteSpace }.map(scalars.index(after:)) ?? start
        return start < end ? String(scalars[start..<end]) : ""
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property — what `properties.isWhitespace` reads from the character tables —
    /// as its fixed list of 25 code points (unchanged since Unicode 6.3), so that a Chinese field's
    /// first and last character need no table lookup.
    var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
