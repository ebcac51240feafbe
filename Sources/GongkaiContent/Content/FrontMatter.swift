import Foundation

/// A content file split into its YAML front matter and its Markdown body, each with the line it starts on.
struct FrontMatter {
    let yaml: String
    /// Line of the file on which the YAML text begins (the line after the opening `---`).
    let yamlFirstLine: Int
    let body: String

    /// Splits at the first two lines that are exactly `---` (trailing spaces allowed), as Jekyll, Hugo and
    /// Zola do. A file that does not start with one has no front matter: that is an error here, because
    /// every matter and policy needs its fields.
    static func split(_ source: SourceFile) throws(Diagnostic) -> FrontMatter {
        // Lines are found on the UTF-8 bytes, and only up to the closing fence: splitting a String walks
        // grapheme clusters, and splitting the whole file made an array of every line of the body too.
        var text = source.text
        let found: (Int, Int, Int)?? = text.withUTF8 { Self.fenceOffsets($0) }
        guard let offsets = found else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "文件开头没有字段区（front matter）",
                hint: "第一行写 ---，下面逐行写字段（如 序号: \"2.1\"），再写一行 --- 结束")
        }
        guard let (yamlStart, yamlEnd, bodyStart) = offsets else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "字段区没有结束",
                hint: "在最后一个字段后面另起一行写 ---")
        }
        let utf8 = text.utf8
        let index = { (offset: Int) in utf8.index(utf8.startIndex, offsetBy: offset) }
        let yaml = String(text[index(yamlStart)..<index(yamlEnd)])
        let body = String(text[index(bodyStart)...])
        return FrontMatter(yaml: yaml, yamlFirstLine: 2, body: body)
    }

    /// Byte offsets of the YAML text (between the fence lines, without the last line break) and of the
    /// body; nil if the first line is not a fence, `.some(nil)` if no line closes it. Lines are found
    /// with memchr and only up to the closing fence: the body is not looked at.
    private static func fenceOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)?? {
        func isFence(_ start: Int, _ end: Int) -> Bool {
            var end = end
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            return end - start == 3 && bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "-")
                && bytes[start + 2] == UInt8(ascii: "-")
        }
        /// Where the line starting at `start` ends: at its "\n", or at the end of the text.
        func lineEnd(_ start: Int) -> Int {
            guard start < bytes.count,
                  let newline = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else { return bytes.count }
            return UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer(newline))
        }
        let openingEnd = lineEnd(0)
        guard isFence(0, openingEnd) else { return nil }
        let yamlStart = openingEnd + 1
        var start = yamlStart
        while start <= bytes.count {
            let end = lineEnd(start)
            if isFence(start, end) {
                return .some((yamlStart, max(start - 1, yamlStart), min(end + 1, bytes.count)))
            }
            start = end + 1
        }
        return .some(nil)
    }
}
