import GongkaiContent
import MustacheTemplates

/// swift-mustache renders an unknown variable or partial as nothing, silently. This check reads every
/// template's tags and reports, with the template's path and line: a name no page context has, a partial
/// or parent that does not exist, and raw output (`{{{x}}}`, `{{&x}}`) of anything but Markdown HTML and
/// script-safe JSON — the only raw text a page may contain is cmark's safe output (keys ending in `Html`) and
/// JSON whose `<`, `>` and `&` are escaped (keys ending in `Json`).
struct TemplateCheck {
    /// Names mustache itself provides inside sections.
    static let builtins: Set<String> = [".", "first", "last", "index", "even", "odd"]

    let vocabulary: Set<String>
    let templateNames: Set<String>

    func check(_ theme: Theme) -> [Diagnostic] {
        theme.templates.values.sorted { $0.path < $1.path }.flatMap(check)
    }

    package func check(_ template: Theme.TemplateSource) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let lines = template.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                let afterOpen = rest[open.upperBound...]
                guard let close = afterOpen.range(of: "}}") else { break }
                var tag = afterOpen[..<close.lowerBound]
                rest = afterOpen[close.upperBound...]
                var raw = false
                if tag.first == "{" {
                    raw = true
                    tag = tag.dropFirst()
                    if rest.first == "}" { rest = rest.dropFirst() }
                }
                func report(_ message: String, hint: String? = nil) {
                    problems.append(Diagnostic(
                        file: template.path, line: lineIndex + 1, column: column, field: "", message: message,
                        hint: hint, sourceLine: String(line)))
                }
                let sigil = tag.first
                let name = String(tag.drop(while: { "#^/>$<&!%=".contains($0) }).trimmingCharacters(in: .whitespaces))
                switch sigil {
                case "!", "%", "=", "/":
                    continue
                case ">", "<":
                    if !templateNames.contains(name) {
                        report("模板「\(name)」不存在", hint: Suggestion.hint(for: name, among: templateNames.sorted()))
                    }
                case "$":
                    continue
                default:
                    if sigil == "&" { raw = true }
                    let variable = Self.variable(in: name)
                    if let unknown = variable.split(separator: ".").map(String.init)
                        .first(where: { !vocabulary.contains($0) && !Self.builtins.contains($0) }), variable != "." {
                        report("页面数据里没有「\(unknown)」",
                               hint: Suggestion.nearest(to: unknown, among: vocabulary.sorted()).map { "是否想写「\($0)」？" })
                    } else if raw, !variable.hasSuffix("Html"), !variable.hasSuffix("Json") {
                        report("「\(variable)」不能不经转义输出",
                               hint: "用 {{\(variable)}}；只有 Markdown 生成的 …Html 和 …Json 可以用 {{{ }}}")
                    }
                }
            }
        }
        return problems
    }

    /// `uppercased(name)` → `name`: the variable a transform applies to.
    static func variable(in name: String) -> String {
        if let open = name.lastIndex(of: "("), let close = name.firstIndex(of: ")"), open < close {
            return String(name[name.index(after: open)..<close])
        }
        return name
    }

    /// Every key in a context tree.
    static func keys(of value: Any, into set: inout Set<String>) {
        if let object = value as? ContextObject {
            for entry in object.entries {
                set.insert(entry.name)
                keys(of: entry.value, into: &set)
            }
        } else if let dictionary = value as? [String: Any] {
            for (key, child) in dictionary {
                set.insert(key)
                keys(of: child, into: &set)
            }
        } else if let array = value as? [Any] {
            for child in array { keys(of: child, into: &set) }
        } else if let lazy = value as? LazyList {
            for index in 0..<lazy.count { keys(of: lazy.element(index), into: &set) }
        }
    }
}
