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
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring) -> Bool {
            line.trimmingTrailingSpaces == "---"
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
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
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
