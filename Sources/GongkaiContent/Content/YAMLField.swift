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
    /// Where the field sits: its parent's place and its own step. The display path is built from these
    /// only when a diagnostic needs it (built for every field, the path strings were a fiftieth of a
    /// build), and a place does not hold the parent's YAML, which a field kept for later diagnostics
    /// would otherwise keep alive.
    private let outer: Place?
    private let step: Step
    /// Shared by every field of a file.
    private let file: File

    fileprivate enum Step {
        case root
        /// A record's value (or an unknown key): `parent.key`, or `key` at the top.
        case member(String)
        /// A list's item, counted from 1: `parent[n]`.
        case item(Int)
        /// A key or value of a free mapping (contacts, conditions): always `parent.key`.
        case pair(String)
    }

    /// A field's place, shared by all its children.
    fileprivate final class Place {
        let outer: Place?
        let step: Step

        init(outer: Place?, step: Step) {
            self.outer = outer
            self.step = step
        }
    }

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

    /// The top of a file's YAML.
    convenience init(root node: YAMLNode, source: SourceFile, lineOffset: Int, log: ProblemLog) {
        self.init(node: node, outer: nil, step: .root, file: File(source: source, lineOffset: lineOffset, log: log))
    }

    private init(node: YAMLNode, outer: Place?, step: Step, file: File) {
        self.node = node
        self.outer = outer
        self.step = step
        self.file = file
    }

    /// Display path of the field, e.g. `运行要件[3].条件`.
    var path: String { Self.path(outer, step) }

    private static func path(_ outer: Place?, _ step: Step) -> String {
        let outerPath = outer.map { path($0.outer, $0.step) } ?? ""
        switch step {
        case .root: return ""
        case .member(let key): return outerPath.isEmpty ? key : "\(outerPath).\(key)"
        case .item(let number): return "\(outerPath)[\(number)]"
        case .pair(let key): return "\(outerPath).\(key)"
        }
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

    /// Where this field's children sit: one object for all of them.
    private var placeOfChildren: Place { Place(outer: outer, step: step) }

    private func child(_ node: YAMLNode, _ step: Step, in place: Place) -> YAMLField {
        YAMLField(node: node, outer: place, step: step, file: file)
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
        // Empty ones named as such: "应为“名称: 内容”…，这里是“名称: 内容”" made no sense for `条件: {}`.
        switch node.content {
        case .scalar: return "文字"
        case .mapping(let pairs): return pairs.isEmpty ? "空的“名称: 内容”（{}）" : "“名称: 内容”形式的字段"
        case .sequence(let items): return items.isEmpty ? "空列表（[]）" : "列表"
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
            let place = placeOfChildren
            return items.enumerated().map { index, item in
                child(item, .item(index + 1), in: place)
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
        let place = placeOfChildren
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            if !known.isEmpty && !known.contains(where: { $0.hasSameBytes(as: key) }) {
                let unknown = child(keyNode, .member(key), in: place)
                unknown.report("没有这个字段「\(key)」", hint: Suggestion.hint(for: key, among: known))
                continue
            }
            entries.append((key, child(valueNode, .member(key), in: place)))
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
            let isEmptyMapping = if case .mapping = node.content { true } else { false }
            report(isNull ? "不能为空" : isEmptyMapping ? "不能为空（这里是空的 {}）" : "应为“名称: 内容”形式的字段，这里是\(shapeName)",
                   hint: "每行写一项，例如 监督电话: \"022-12345\"")
            return nil
        }
        let place = placeOfChildren
        return mapping.map { keyNode, valueNode in
            let key = keyNode.string ?? ""
            return (child(keyNode, .pair(key), in: place), child(valueNode, .pair(key), in: place))
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
