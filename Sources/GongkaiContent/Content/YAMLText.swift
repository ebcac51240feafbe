import Yams

/// Turns YAML text into a node tree whose marks are file positions, with YAML's own errors made into
/// diagnostics at the right line of the file.
package enum YAMLText {
    /// A whole file of YAML (site.yaml, a calendar year) as a field to read; nil, with the problem logged,
    /// when it is not valid YAML.
    static func root(of source: SourceFile, log: ProblemLog) -> YAMLField? {
        do {
            let node = try parse(source.text, firstLine: 1, source: source)
            return YAMLField(root: node, source: source, lineOffset: 0, log: log)
        } catch {
            log.add(error)
            return nil
        }
    }

    /// A content file's front matter as a field to read, and its Markdown body; nil, with the problem
    /// logged, when the file has no front matter or it is not valid YAML.
    static func frontMatter(of source: SourceFile, log: ProblemLog) -> (root: YAMLField, body: String)? {
        do {
            let parts = try FrontMatter.split(source)
            let node = try parse(parts.yaml, firstLine: parts.yamlFirstLine, source: source)
            let root = YAMLField(root: node, source: source, lineOffset: parts.yamlFirstLine - 1, log: log)
            return (root, parts.body)
        } catch {
            log.add(error)
            return nil
        }
    }

    /// No tags are resolved: every field is read as text (`份数: 2` included), nulls are told apart by
    /// `YAMLField.isNull`, and each resolver rule would be one more regular expression run on every scalar
    /// of every file.
    static let resolver = Resolver.basic

    package static func parse(_ yaml: String, firstLine: Int, source: SourceFile) throws(Diagnostic) -> YAMLNode {
        let offset = firstLine - 1
        // libyaml's message for a tab in indentation ("found character that cannot start any token")
        // says nothing useful to a clerk, so look for tabs first.
        let lines = yaml.containsByte(UInt8(ascii: "\t")) ? yaml.split(separator: "\n", omittingEmptySubsequences: false) : []
        for (index, line) in lines.enumerated() {
            let indentation = line.prefix(while: { $0 == " " || $0 == "\t" })
            if let tab = indentation.firstIndex(of: "\t") {
                let column = line.distance(from: line.startIndex, to: tab) + 1
                throw source.diagnostic(
                    line: index + 1 + offset, column: column, field: "", message: "缩进里有制表符（Tab）",
                    hint: "YAML 只能用空格缩进：把这一行开头的 Tab 换成空格")
            }
        }
        if let node = YAMLComposer.compose(yaml) { return node }
        if let problem = YAMLComposer.screen(yaml) {
            throw source.diagnostic(
                line: problem.line + offset, column: problem.column, field: problem.path, message: problem.message,
                hint: problem.hint)
        }
        do {
            guard let node = try Yams.compose(yaml: yaml, Self.resolver, .default, .utf8) else { return .emptyMapping }
            return YAMLNode(node)
        } catch let error as YamlError {
            throw fullWidthColon(near: error, in: yaml, offset: offset, source: source)
                ?? diagnostic(for: error, offset: offset, source: source)
        } catch {
            throw source.diagnostic(line: firstLine, column: 1, field: "", message: "YAML 无法读取：\(error)")
        }
    }

    private static func diagnostic(for error: YamlError, offset: Int, source: SourceFile) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, var mark, _),
             .parser(let context, let problem, var mark, _),
             .composer(let context, let problem, var mark, _):
            // An unclosed quote is found at the end of the file; the mistake is where the quote opened.
            if let context, context.text.contains("quoted scalar") { mark = context.mark }
            let (line, column) = withinText(mark, of: source, offset: offset)
            let words = context.map { "（\($0.text)）" } ?? ""
            // libyaml's own bound on nesting, met while it scans ahead on one line of `[[[[…`.
            if problem.contains("nesting level") {
                return source.diagnostic(
                    line: line + offset, column: column, field: "",
                    message: "嵌套太深（列表和“名称: 内容”最多套 \(YAMLScreen.maximumDepth) 层）",
                    hint: "检查是不是多写了 [ 或 {，或者缩进越来越深")
            }
            return source.diagnostic(
                line: line + offset, column: column, field: "",
                message: "YAML 格式错误：\(problem)\(words)", hint: hint(for: problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return source.diagnostic(
                line: context.mark.line + offset, column: context.mark.column, field: "",
                message: "字段重复：\(duplicates.joined(separator: "、"))", hint: "同一层里每个字段只能写一次")
        default:
            return source.diagnostic(line: 1 + offset, column: 1, field: "", message: "YAML 无法读取：\(error)")
        }
    }

    /// The mark, or the end of the text's last line when the mark lies past it: at the end of a file
    /// without a final line break (an unclosed `[`), libyaml's mark is on a line the file does not have.
    private static func withinText(_ mark: Mark, of source: SourceFile, offset: Int) -> (line: Int, column: Int) {
        let lineCount = source.text.utf8.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        guard mark.line + offset > lineCount else { return (mark.line, mark.column) }
        let last = source.line(lineCount) ?? ""
        return (lineCount - offset, last.unicodeScalars.count + 1)
    }

    /// `名称：就业援助` — a full-width colon after a key — is the mistake a clerk typing Chinese makes most,
    /// and libyaml reports it confusingly on a later line. Look for it on the error line and the lines above.
    private static func fullWidthColon(near error: YamlError, in yaml: String, offset: Int, source: SourceFile) -> Diagnostic? {
        let mark: Mark
        switch error {
        case .scanner(_, _, let m, _), .parser(_, _, let m, _), .composer(_, _, let m, _): mark = m
        default: return nil
        }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let keyWithFullWidthColon = /^\s*(?:-\s+)?[^\s:：#"'\[\]{}]{1,12}：/
        for number in stride(from: min(mark.line, lines.count), through: max(1, mark.line - 3), by: -1) {
            let line = lines[number - 1]
            guard let match = line.firstMatch(of: keyWithFullWidthColon) else { continue }
            let column = line.distance(from: line.startIndex, to: match.range.upperBound)
            return source.diagnostic(
                line: number + offset, column: column, field: "", message: "字段名后面用了中文冒号“：”",
                hint: "字段名后面要用英文冒号加一个空格，例如 名称: 就业援助")
        }
        return nil
    }

    private static func hint(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") {
            return "冒号后面要有一个空格；文字里本身有“: ”时，请把整段文字用引号括起来"
        }
        if problem.contains("did not find expected key") || problem.contains("block end") {
            return "检查这一行和上一行的缩进是否对齐（同一层的字段左边空格数要相同）"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("quoted scalar") {
            return "引号没有成对：检查这一行的引号"
        }
        return "检查这一行的冒号、缩进和引号"
    }
}
