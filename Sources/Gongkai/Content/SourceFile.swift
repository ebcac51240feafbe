import Foundation

/// A content file's text as people wrote it, made uniform: a UTF-8 byte-order mark dropped and CRLF line
/// ends turned into LF, so that line numbers in diagnostics match what an editor shows.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics.
    public let path: String
    public let text: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Swift treats "\r\n" as one Character, so replace on scalars.
        if text.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
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

    public var lineCount: Int { lines.count }

    /// The text of a line, counted from 1; nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    public func diagnostic(
        line: Int, column: Int, field: String, message: String, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            file: path, line: line, column: column, field: field, message: message, hint: hint,
            sourceLine: self.line(line))
    }
}
