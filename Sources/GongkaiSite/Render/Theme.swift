import Foundation
import GongkaiContent
import GongkaiModel
import MustacheTemplates

/// A theme folder: `templates/*.mustache`, `assets/`, `labels.yaml` (UI strings) and an optional
/// `theme.yaml` naming a parent theme whose templates, assets and labels it overrides one by one.
public struct Theme: Sendable {
    public struct TemplateSource: Sendable {
        public let name: String
        public let path: String
        public let text: String
    }

    /// Templates by name (`matter`, `partials/header` …), the child's winning over its parent's.
    public let templates: [String: TemplateSource]
    /// Files to copy into the output's `assets/`, by path relative to `assets/`.
    public let assets: [String: URL]
    public let labels: [String: String]
    /// Every template parsed once: what pages render from.
    let parsed: TemplateSet
    /// The template check's findings, worked out on first use: they depend on the theme alone, and the
    /// preview server renders from one theme many times.
    let checkResult = CheckResult()

    // @unchecked Sendable: `problems` is read and written under `lock` only.
    final class CheckResult: @unchecked Sendable {
        private let lock = NSLock()
        private var problems: [Diagnostic]?

        func value(_ compute: () -> [Diagnostic]) -> [Diagnostic] {
            lock.withLock {
                if let problems { return problems }
                let found = compute()
                problems = found
                return found
            }
        }
    }

    /// A page: the named template rendered over a page context, as the UTF-8 bytes that are written (none
    /// if the theme has no such template).
    func render(_ context: ContextObject, template name: String, capacity: Int = TemplateRenderer.defaultCapacity) -> RenderedBytes? {
        parsed.renderedBytes(name, context: context, capacity: capacity)
    }

    /// A theme and the parents its theme.yaml names, child first, as `load` reads them.
    package static func chain(of folder: URL) throws(DiagnosticList) -> [URL] {
        try walk(from: folder, strict: true)
    }

    /// The folders `serve` watches for a theme: its chain as far as it can be followed (a broken link in it
    /// is `load`'s to report), and at least the theme itself.
    package static func folders(of folder: URL) -> [URL] {
        (try? walk(from: folder, strict: false)) ?? [folder.standardizedFileURL]
    }

    /// The one walk of the parent chain. Strict, a cycle, a folder without templates/ or an unreadable
    /// theme.yaml is an error; otherwise the walk stops there with what it has.
    private static func walk(from folder: URL, strict: Bool) throws(DiagnosticList) -> [URL] {
        var chain: [URL] = []
        var current: URL? = folder.standardizedFileURL
        while let theme = current {
            if chain.contains(theme) {
                guard strict else { break }
                throw DiagnosticList([Diagnostic(
                    file: theme.appending(path: "theme.yaml").path, line: 1, column: 1, field: "parent",
                    message: "主题的 parent 形成了循环")])
            }
            if strict, !FileManager.default.fileExists(atPath: theme.appending(path: "templates").path) {
                throw DiagnosticList([Diagnostic(
                    file: theme.path, line: 1, column: 1, field: "", message: "主题文件夹里没有 templates/",
                    hint: "用 --theme 指定主题文件夹（默认 themes/default）")])
            }
            chain.append(theme)
            do {
                current = try parent(of: theme)?.standardizedFileURL
            } catch {
                guard strict else { break }
                throw error
            }
        }
        return chain
    }

    /// Loads a theme and its parents (themes named in `theme.yaml` are looked up beside it).
    public static func load(_ folder: URL) throws(DiagnosticList) -> Theme {
        let chain = try chain(of: folder)
        var templates: [String: TemplateSource] = [:]
        var assets: [String: URL] = [:]
        var labels: [String: String] = [:]
        var problems: [Diagnostic] = []
        for theme in chain.reversed() {
            for (relative, url) in files(in: theme.appending(path: "templates"), ending: ".mustache") {
                let name = String(relative.dropLast(".mustache".count))
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    problems.append(Diagnostic(file: url.path, line: 1, column: 1, field: "", message: "无法读取模板"))
                    continue
                }
                templates[name] = TemplateSource(name: name, path: url.path, text: text)
            }
            for (relative, url) in files(in: theme.appending(path: "assets"), ending: "") {
                assets[relative] = url
            }
            do {
                labels.merge(try readLabels(theme.appending(path: "labels.yaml"))) { _, child in child }
            } catch {
                problems.append(error)
            }
        }
        var parsed: TemplateSet?
        do {
            parsed = try TemplateSet(parsing: templates.mapValues(\.text), fixed: FixedStrings(key: "labels", values: labels))
        } catch {
            for (name, error) in error.errors.sorted(by: { $0.key < $1.key }) {
                problems.append(Diagnostic(
                    file: templates[name]?.path ?? name, line: error.line, column: error.column, field: "",
                    message: "模板语法错误：\(error.message)", sourceLine: error.sourceLine))
            }
        }
        // Labels that Swift puts on the page itself, which no template check would miss.
        let missing = Label.usedBySwift.filter { labels[$0.name] == nil }
        if !missing.isEmpty, let root = chain.last {
            problems.append(Diagnostic(
                file: root.appending(path: "labels.yaml").path, line: 1, column: 1, field: missing[0].name,
                message: "labels.yaml 缺少 \(missing.map(\.name).joined(separator: "、"))",
                hint: "主题自己的 labels.yaml 要有这些名称，或在 theme.yaml 里写 parent: default 沿用默认主题的"))
        }
        let synonymProblems = SearchIndex.synonymProblems(labels[label: .searchSynonyms])
        if !synonymProblems.isEmpty, let root = chain.first {
            problems.append(Diagnostic(
                file: root.appending(path: "labels.yaml").path, line: 1, column: 1, field: Label.searchSynonyms.name,
                message: "searchSynonyms 有误：\(synonymProblems.joined(separator: "；"))",
                hint: "每组写“简称=全称”，组与组之间用“；”分开，例如 低保=最低生活保障；医保=医疗保险"))
        }
        guard problems.isEmpty, let parsed else { throw DiagnosticList(problems) }
        return Theme(templates: templates, assets: assets, labels: labels, parsed: parsed)
    }

    /// The parent its theme.yaml names, if any. `serve` follows the same chain to know what to watch.
    package static func parent(of theme: URL) throws(DiagnosticList) -> URL? {
        let file = theme.appending(path: "theme.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let source = SourceFile(path: file.path, text: text)
        let node: YAMLNode
        do {
            node = try YAMLText.parse(source.text, firstLine: 1, source: source)
        } catch {
            throw DiagnosticList([error])
        }
        guard let name = node["parent"]?.string, !name.isEmpty else { return nil }
        guard !name.contains("/"), name != ".." else {
            throw DiagnosticList([source.diagnostic(
                line: node["parent"]?.line ?? 1, column: node["parent"]?.column ?? 1, field: "parent",
                message: "parent 应为主题名（与本主题同在一个文件夹里），不是路径")])
        }
        return theme.deletingLastPathComponent().appending(path: name)
    }

    private static func readLabels(_ file: URL) throws(Diagnostic) -> [String: String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        let source = SourceFile(path: file.path, text: text)
        let node = try YAMLText.parse(source.text, firstLine: 1, source: source)
        guard case .mapping(let mapping) = node.content else {
            throw source.diagnostic(line: 1, column: 1, field: "", message: "labels.yaml 应为“名称: 文字”形式")
        }
        var labels: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string, let text = value.string else {
                throw source.diagnostic(
                    line: value.line, column: value.column, field: key.string ?? "", message: "标签的值应为文字")
            }
            labels[name] = text
        }
        return labels
    }

    /// Regular files below a folder, by path relative to it, sorted.
    static func files(in folder: URL, ending suffix: String) -> [(String, URL)] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var found: [(String, URL)] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where url.path.hasSuffix(suffix) {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base) else { continue }
            found.append((String(path.dropFirst(base.count)), url))
        }
        return found.sorted { $0.0 < $1.0 }
    }
}

extension Theme {
    /// A label that Swift, not a template, puts into a page: a page's title, a navigation link, a 办事指南
    /// row's heading. Every one must be in the theme's labels.yaml, which `load` checks.
    package struct Label: Sendable {
        package let name: String

        package init(_ name: String) { self.name = name }

        static let navCatalogue = Label("navCatalogue")
        static let navPolicies = Label("navPolicies")
        static let navContact = Label("navContact")
        static let notFoundTitle = Label("notFoundTitle")
        static let printCatalogueTitle = Label("printCatalogueTitle")
        /// The search's synonym table (`SearchIndex.synonyms`), which goes into the search index. Optional:
        /// a theme without it has no synonyms.
        static let searchSynonyms = Label("searchSynonyms")

        /// The fixed ones, each 办事指南 field's (`field<Id>`) and each searched field's, which the search
        /// index names a hit by.
        static let usedBySwift = [navCatalogue, navPolicies, navContact, notFoundTitle, printCatalogueTitle]
            + MatterSchema.textFields.filter { $0.section == .guide }.map { Label($0.labelName) }
            + MatterSchema.searchFields.map { Label($0.labelName) }
    }
}

extension Dictionary where Key == String, Value == String {
    /// A label the theme was checked to have.
    subscript(label label: Theme.Label) -> String { self[label.name] ?? "" }
}
