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
        let text = source.text
        let utf8 = text.utf8
        func isFence(_ line: Substring.UTF8View) -> Bool {
            var bytes = line[...]
            while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes = bytes.dropLast() }
            return bytes.elementsEqual("---".utf8)
        }
        /// The line starting at `start` (without its "\n") and where the next one starts, if there is one.
        func line(at start: String.Index) -> (line: Substring.UTF8View, next: String.Index?) {
            guard let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                return (text[start...].utf8, nil)
            }
            return (text[start..<newline].utf8, utf8.index(after: newline))
        }
        let first = line(at: text.startIndex)
        guard isFence(first.line) else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "文件开头没有字段区（front matter）",
                hint: "第一行写 ---，下面逐行写字段（如 序号: \"2.1\"），再写一行 --- 结束")
        }
        var yamlEnd: String.Index?
        var cursor = first.next
        var closing: (line: Substring.UTF8View, next: String.Index?)?
        while let start = cursor {
            let current = line(at: start)
            if isFence(current.line) {
                closing = current
                break
            }
            yamlEnd = current.line.endIndex
            cursor = current.next
        }
        guard let closing else {
            throw source.diagnostic(
                line: 1, column: 1, field: "", message: "字段区没有结束",
                hint: "在最后一个字段后面另起一行写 ---")
        }
        let yaml = yamlEnd.map { String(text[first.next!..<$0]) } ?? ""
        let body = closing.next.map { String(text[$0...]) } ?? ""
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
