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
        if text.containsByte(0x0D) {
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
