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
        // Lines are found on the UTF-8 bytes: splitting a String walks grapheme clusters, which for a
        // 10,000-matter site was a noticeable share of the load stage.
        let text = source.text
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        func isFence(_ line: Substring.UTF8View) -> Bool {
            var bytes = line[...]
            while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes = bytes.dropLast() }
            return bytes.elementsEqual("---".utf8)
        }
        guard let first = lines.first, isFence(first) else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "文件开头没有字段区（front matter）",
                hint: "第一行写 ---，下面逐行写字段（如 序号: \"2.1\"），再写一行 --- 结束")
        }
        guard let close = lines.indices.dropFirst().first(where: { isFence(lines[$0]) }) else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "字段区没有结束",
                hint: "在最后一个字段后面另起一行写 ---")
        }
        let yamlStart = lines.count > 1 ? lines[1].startIndex : text.endIndex
        let yaml = close > 1 ? String(text[yamlStart..<lines[close - 1].endIndex]) : ""
        let body = close + 1 < lines.count ? String(text[lines[close + 1].startIndex...]) : ""
        return FrontMatter(yaml: yaml, yamlFirstLine: 2, body: body)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
