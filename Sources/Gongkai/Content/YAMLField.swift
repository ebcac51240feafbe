import Foundation

/// Collects every problem found while reading a run's content, so that all of them are reported together.
final class ProblemLog {
    private(set) var diagnostics: [Diagnostic] = []
    func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
}

/// A YAML value together with its place in the file and its field path, with typed readers that report
/// a wrong shape as a diagnostic instead of failing.
///
/// A class, though it never changes: fields are passed around and stored many times while a file is read,
/// and each copy of a struct holding a YAML node retained half a dozen references.
final class YAMLField {
    let node: YAMLNode
    /// Display path of the field, e.g. `运行要件[3].条件`.
    let path: String
    /// Shared by every field of a file.
    private let file: File

    final class File {
        let source: SourceFile
        /// Added to YAML line numbers: the YAML text starts below the opening `---`.
        let lineOffset: Int
        let log: ProblemLog

        init(source: SourceFile, lineOffset: Int, log: ProblemLog) {
            self.source = source
            self.lineOffset = lineOffset
            self.log = log
        }
    }

    convenience init(node: YAMLNode, path: String, source: SourceFile, lineOffset: Int, log: ProblemLog) {
        self.init(node: node, path: path, file: File(source: source, lineOffset: lineOffset, log: log))
    }

    private init(node: YAMLNode, path: String, file: File) {
        self.node = node
        self.path = path
        self.file = file
    }

    var source: SourceFile { file.source }
    var lineOffset: Int { file.lineOffset }
    var log: ProblemLog { file.log }

    var line: Int { node.line + lineOffset }
    var column: Int { node.column }

    func report(_ message: String, hint: String? = nil) {
        log.add(source.diagnostic(line: line, column: column, field: path, message: message, hint: hint))
    }

    func diagnostic(_ message: String, hint: String? = nil) -> Diagnostic {
        source.diagnostic(line: line, column: column, field: path, message: message, hint: hint)
    }

    private func child(_ node: YAMLNode, path: String) -> YAMLField {
        YAMLField(node: node, path: path, file: file)
    }

    /// Empty, or YAML's null written plainly (`~`, `null`); a quoted "null" is text.
    var isNull: Bool {
        guard case .scalar(let text, let isPlain) = node.content else { return false }
        // The length first: a Set lookup would hash every plain field's whole text.
        return text.isEmpty || (isPlain && text.utf8.count <= 4 && Self.nullWords.contains(text))
    }

    private static let nullWords: Set<String> = ["~", "null", "Null", "NULL"]

    var isEmptySequence: Bool {
        if case .sequence(let items) = node.content { return items.isEmpty }
        return false
    }

    var shapeName: String {
        switch node.content {
        case .scalar: return "文字"
        case .mapping: return "“名称: 内容”形式的字段"
        case .sequence: return "列表"
        }
    }

    /// The value as text, trimmed. Reports an empty value, a list or a mapping where text belongs, and
    /// a placeholder left over from `gongkai new matter`.
    func text() -> String? {
        guard case .scalar(let text, _) = node.content else {
            report("应为文字，这里是\(shapeName)", hint: "直接在冒号后写文字，例如 名称: 就业援助")
            return nil
        }
        let value = text.trimmingWhitespace
        if isNull || value.isEmpty {
            report("不能为空", hint: "在冒号后写上内容")
            return nil
        }
        if value.containsPlaceholder {
            report("还没有填写（仍是模板里的占位文字）", hint: "把 \(Placeholder.marker) 连同后面的说明换成实际内容")
            return nil
        }
        return value
    }

    /// The items of a list; a single text is taken as a one-item list only when `acceptSingle` says so.
    func list(acceptSingle: Bool = false) -> [YAMLField]? {
        switch node.content {
        case .sequence(let items):
            if items.isEmpty {
                report("列表不能为空", hint: "每项另起一行，以“- ”开头")
                return nil
            }
            return items.enumerated().map { index, item in
                child(item, path: "\(path)[\(index + 1)]")
            }
        case .scalar where acceptSingle && !isNull:
            return [self]
        default:
            if isNull {
                report("不能为空", hint: "每项另起一行，以“- ”开头")
            } else {
                report("应为列表，这里是\(shapeName)", hint: "每项另起一行，以“- ”开头，例如\n    - 身份证\n    - 户口本")
            }
            return nil
        }
    }

    /// A mapping whose keys are checked: an unknown key is reported with the nearest known one, a missing
    /// required key with the mapping's place. Keys come back in the order they were written.
    func record(known: [String], required: [String] = []) -> YAMLRecord? {
        guard case .mapping(let mapping) = node.content else {
            if isNull {
                report("不能为空")
            } else {
                report("应为“名称: 内容”形式的字段，这里是\(shapeName)", hint: "可写的字段：\(known.joined(separator: "、"))")
            }
            return nil
        }
        var entries: [(key: String, value: YAMLField)] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let valuePath = path.isEmpty ? key : "\(path).\(key)"
            if !known.isEmpty && !known.contains(where: { $0.hasSameBytes(as: key) }) {
                let unknown = child(keyNode, path: valuePath)
                unknown.report("没有这个字段「\(key)」", hint: Suggestion.hint(for: key, among: known))
                continue
            }
            entries.append((key, child(valueNode, path: valuePath)))
        }
        for key in required where !entries.contains(where: { $0.key.hasSameBytes(as: key) }) {
            let subject = path.isEmpty ? key : "\(path).\(key)"
            log.add(source.diagnostic(
                line: line, column: column, field: subject, message: "缺少必填字段",
                hint: "加一行 \(key): …（字段说明见 README 的“内容格式”）"))
        }
        return YAMLRecord(field: self, entries: entries)
    }

    /// A mapping with free keys (contacts, conditions): key fields and value fields in written order.
    func pairs() -> [(key: YAMLField, value: YAMLField)]? {
        guard case .mapping(let mapping) = node.content, !mapping.isEmpty else {
            report(isNull ? "不能为空" : "应为“名称: 内容”形式的字段，这里是\(shapeName)",
                   hint: "每行写一项，例如 监督电话: \"022-12345\"")
            return nil
        }
        return mapping.map { keyNode, valueNode in
            let key = keyNode.string ?? ""
            return (child(keyNode, path: "\(path).\(key)"), child(valueNode, path: "\(path).\(key)"))
        }
    }
}

/// A checked mapping: its known keys, each with its value field.
struct YAMLRecord {
    let field: YAMLField
    let entries: [(key: String, value: YAMLField)]

    subscript(key: String) -> YAMLField? {
        // Compared as bytes: `==` on Chinese text takes String's Unicode-normalising slow path.
        entries.first(where: { $0.key.hasSameBytes(as: key) })?.value
    }

    func text(_ key: String) -> String? { self[key]?.text() }

    /// A text that may be left out: nil when absent, reported when present but empty.
    func optionalText(_ key: String) -> String? {
        guard let field = self[key] else { return nil }
        return field.text()
    }
}

/// Text that `gongkai new matter` writes where a person must fill something in; `lint` rejects it.
enum Placeholder {
    static let marker = "【待填写】"
}

extension String {
    /// Whether the placeholder occurs. This runs on every field of every file.
    var containsPlaceholder: Bool { containsBytes(of: Placeholder.marker) }
}
