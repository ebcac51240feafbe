import Foundation
import GongkaiModel
import GongkaiContent
import GongkaiSite
import GongkaiBuild

/// The site `gongkai serve` shows: the content as loaded, file by file, the theme, and the files made from
/// them in a `SiteStore`. A saved matter file is read again alone; it is validated against the others
/// (`CatalogueValidator.replace` when its 序号 and file stay the same, the whole catalogue otherwise: the
/// checks are cross-file); and only the pages that show that matter are made again. Anything else that
/// changes is read and made again in full. Either way the store ends up holding exactly the files, byte for
/// byte, that `gongkai build` would write for the folders as they are now — or, when they have errors, the
/// last good site, unchanged.
// @unchecked Sendable: every mutable property is used under `lock`; rebuilds run one at a time.
public final class LiveSite: @unchecked Sendable {
    public let options: BuildOptions
    public let store: SiteStore
    /// The stages `build` runs; this class only chooses which of them to run again, and for which pages.
    private let pipeline: Pipeline

    // Everything below is used under `lock`: rebuilds run one at a time.
    private let lock = NSLock()
    private var content: LiveContent?
    private var theme: Theme?
    /// Whether the store's files were made from `content` as it was before the files in `dirty` were read
    /// again, with `theme`. False when nothing was made yet or the last attempt to make everything failed:
    /// the next success makes everything.
    private var isCurrent = false
    /// The matters of the store's files by 序号, and the 序号 of each matter file's matter among them.
    private var servedMatters: [String: Matter] = [:]
    private var servedNumbers: [String: String] = [:]
    /// Matter files read again since the store's files were made: only their matters can differ from
    /// `servedMatters`, however many rebuilds failed in between.
    private var dirty = Set<String>()
    /// Markdown already converted, shared by every rebuild; a changed matter's texts are added to it.
    private var markdown = MarkdownHTML()
    /// The catalogue of the last validation that passed, where each 序号 sits in it, and each matter file's
    /// 序号 then; nil after a validation fails. Matter files read again since then are in `unvalidated`.
    private var validated: (catalogue: Catalogue, positions: [String: Int], numbers: [String: String])?
    private var unvalidated = Set<String>()
    private var themeFolders: [URL]

    /// Called during a rebuild each time files are swapped into the store, with their output paths (`*`:
    /// every file), so that a browser showing one of them can reload at once. Set it before the first rebuild.
    public var published: (@Sendable (_ paths: [String]) -> Void)?

    public init(options: BuildOptions, store: SiteStore = SiteStore()) {
        self.options = options
        self.store = store
        self.pipeline = Pipeline(options: options)
        self.themeFolders = Theme.folders(of: options.theme)
    }

    /// The folders whose files the site is made from: the content folder, the theme and its parents.
    public var watchedFolders: [URL] {
        lock.withLock { [options.content.standardizedFileURL] + themeFolders }
    }

    /// Reads and makes everything.
    /// - Parameter since: when the change was noticed; the report's times count from it.
    public func build(since: ContinuousClock.Instant = .now) -> RebuildReport {
        lock.withLock { rebuildEverything(sources: [], since: since) }
    }

    /// Brings the site up to date after files changed.
    /// - Parameter paths: absolute paths of the files (or folders) that changed, as the watcher saw them.
    public func apply(changed paths: [String], since: ContinuousClock.Instant = .now) -> RebuildReport {
        lock.withLock {
            let changes = SourceChanges(content: options.content, themes: themeFolders)
            let sources = changes.relevant(paths).map(displayPath)
            switch changes.classify(paths) {
            case .none:
                return RebuildReport(scope: .unchanged, sources: sources, since: since)
            case .everything:
                return rebuildEverything(sources: sources, since: since)
            case .matters(let names):
                guard content != nil, let theme else { return rebuildEverything(sources: sources, since: since) }
                for name in names.sorted() {
                    content!.reloadMatter(named: name)  // in place, not on a copy of 10,000 matters
                    dirty.insert(name)
                    unvalidated.insert(name)
                }
                return rebuildMatters(theme: theme, sources: sources, since: since)
            }
        }
    }

    // MARK: - Rebuilds

    private func rebuildEverything(sources: [String], since: ContinuousClock.Instant) -> RebuildReport {
        themeFolders = Theme.folders(of: options.theme)
        isCurrent = false
        validated = nil
        unvalidated = []
        var report = RebuildReport(scope: .full, sources: sources, since: since)
        do throws(DiagnosticList) {
            content = nil  // the old one goes before the new one is read, not after
            content = try LiveContent(
                folder: options.content, allowEmpty: options.allowEmpty, builtInCalendars: options.builtInCalendars)
            // The theme is loaded even when the content has errors, so that fixing them is a quick rebuild;
            // its own errors are reported, as `build` does, only once the content is good.
            var themeError: DiagnosticList?
            do {
                theme = try pipeline.loadTheme()
            } catch {
                theme = nil
                themeError = error
            }
            let catalogue = try validate(content!)
            guard let theme else { throw themeError ?? DiagnosticList([]) }
            try renderEverything(catalogue, theme: theme, into: &report)
        } catch {
            report.problems = error
        }
        report.finish(since: since)
        return report
    }

    private func rebuildMatters(theme: Theme, sources: [String], since: ContinuousClock.Instant) -> RebuildReport {
        var report = RebuildReport(scope: .matters, sources: sources, since: since)
        do throws(DiagnosticList) {
            let catalogue = try validate(content!)

            guard isCurrent else {
                report.scope = .full
                try renderEverything(catalogue, theme: theme, into: &report)
                report.finish(since: since)
                return report
            }
            // Only matters of files read again can differ; a 序号 no such file has any more is gone.
            var changed: [Matter] = []
            var numbers: [String: String] = [:]
            for name in dirty.sorted() {
                guard let matter = content!.matter(inFile: name) else { continue }
                numbers[name] = matter.number
                if servedMatters[matter.number] != matter { changed.append(matter) }
            }
            let removed = Set(dirty.compactMap { servedNumbers[$0] }).subtracting(numbers.values).sorted()
            func remember() {
                for number in removed { servedMatters[number] = nil }
                for matter in changed { servedMatters[matter.number] = matter }
                for name in dirty { servedNumbers[name] = numbers[name] }
                dirty = []
            }
            guard !changed.isEmpty || !removed.isEmpty else {
                remember()
                report.scope = .unchanged
                report.finish(since: since)
                return report
            }
            for matter in changed { markdown.add(matter) }
            // The pages of the changed matters first: the one being edited is ready soonest.
            let pages = SiteRenderer.make(try pipeline.plan(
                catalogue, theme: theme, markdown: markdown, matters: Set(changed.map(\.number))).filter { $0.matter != nil })
            isCurrent = false  // until the lists are made too
            store.update(pages)
            report.pagesReady = .now - since
            published?(pages.map(\.path))
            // Then the pages that list every matter, which take longer the more matters there are.
            let listed = Set(SiteOutputs.aggregatePaths)
            let lists = SiteRenderer.make(try pipeline.plan(catalogue, theme: theme, markdown: markdown, matters: [])
                .filter { $0.matter == nil && listed.contains($0.path) })
            let gone = removed.flatMap(SiteOutputs.matterPaths)
            store.update(lists, removing: gone)
            published?(lists.map(\.path) + gone)
            isCurrent = true
            remember()
            report.rendered = (pages + lists).map(\.path)
            report.removed = gone
        } catch {
            report.problems = error
        }
        report.finish(since: since)
        return report
    }

    private func renderEverything(_ catalogue: Catalogue, theme: Theme, into report: inout RebuildReport) throws(DiagnosticList) {
        let markdown = MarkdownHTML(catalogue)
        let files = SiteRenderer.make(try pipeline.plan(catalogue, theme: theme, markdown: markdown))
        let old = Set(store.snapshot.keys)
        store.replaceAll(with: files, basePath: SiteOutputs.basePath(of: catalogue.site))
        published?(["*"])
        self.markdown = markdown
        isCurrent = true
        servedMatters = Dictionary(catalogue.matters.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        servedNumbers = content?.numbersByFile ?? [:]
        dirty = []
        report.rendered = files.map(\.path)
        report.removed = old.subtracting(report.rendered).sorted()
        report.matters = catalogue.matters.count
    }

    /// The pipeline's validate stage, over the content as loaded file by file.
    private func validate(_ content: LiveContent) throws(DiagnosticList) -> Catalogue {
        if let catalogue = revalidatedInPlace(content) {
            unvalidated = []
            return catalogue
        }
        validated = nil
        let catalogue = try pipeline.validate(content.assembled, knownOwnProblems: content.ownProblems)
        validated = (
            catalogue, Dictionary(catalogue.matters.enumerated().map { ($1.number, $0) }) { first, _ in first },
            content.numbersByFile)
        unvalidated = []
        return catalogue
    }

    /// The common save — one matter file edited, read without problems — without validating 10,000
    /// matters again, when `CatalogueValidator.replace` can judge it. Anything else validates in full.
    private func revalidatedInPlace(_ content: LiveContent) -> Catalogue? {
        guard unvalidated.count == 1, let name = unvalidated.first, var state = validated,
              let matter = content.cleanMatter(inFile: name), state.numbers[name] == matter.number,
              let position = state.positions[matter.number]
        else { return nil }
        validated = nil  // so that the catalogue's array is not shared, and is changed in place
        guard CatalogueValidator().replace(matterAt: position, of: &state.catalogue, with: matter),
              let catalogue = try? pipeline.complete(state.catalogue) else { return nil }
        state.catalogue = catalogue
        validated = state
        return catalogue
    }

    /// A changed file as the log shows it: content files as diagnostics show them, others from the current folder.
    private func displayPath(_ path: String) -> String {
        let folder = options.content.standardizedFileURL.path + "/"
        if path.hasPrefix(folder), let content {
            return content.display(String(path.dropFirst(folder.count)))
        }
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}


/// What one rebuild did, for the terminal and the browser.
public struct RebuildReport: Sendable {
    public enum Scope: Sendable, Equatable {
        /// Nothing the site is made from changed (a comment, a file the build does not read).
        case unchanged
        /// Everything was read and made again.
        case full
        /// Some matters were read again and their pages made again.
        case matters
    }

    public var scope: Scope
    /// The changed files, as the log shows them.
    public var sources: [String]
    /// Output paths made again (in a full rebuild: every file), and output paths removed.
    public var rendered: [String] = []
    public var removed: [String] = []
    /// Matters in the catalogue, after a full rebuild.
    public var matters: Int?
    /// From the change to the changed matters' pages being served, and to everything being served.
    public var pagesReady: Duration?
    public var allReady: Duration = .zero
    /// The content's problems: the site was left as it was.
    public var problems: DiagnosticList?

    init(scope: Scope, sources: [String], since: ContinuousClock.Instant) {
        self.scope = scope
        self.sources = sources
        self.allReady = .now - since
    }

    mutating func finish(since: ContinuousClock.Instant) {
        allReady = .now - since
    }

    /// One line for the terminal, e.g. `content/matters/1.1.md 有改动：重新生成 7 个文件；事项页 12 ms 就绪，全部 85 ms`.
    public var summary: String {
        let what: String
        switch sources.count {
        case 0: what = "内容和主题"
        case 1...3: what = sources.joined(separator: "、")
        default: what = sources.prefix(3).joined(separator: "、") + " 等 \(sources.count) 个文件"
        }
        if let problems {
            return "\(what) 有改动：有 \(problems.diagnostics.count) 处错误（见上），浏览器里显示错误；仍提供上一次生成的网站"
        }
        let total = "\(Self.milliseconds(allReady)) ms"
        switch scope {
        case .unchanged:
            return "\(what) 有改动：网站没有变化（\(total)）"
        case .full:
            let removedNote = removed.isEmpty ? "" : "，删除 \(removed.count) 个"
            return "\(what) 有改动：全部重新生成，共 \(rendered.count) 个文件\(removedNote)，用时 \(total)"
        case .matters:
            let removedNote = removed.isEmpty ? "" : "，删除 \(removed.count) 个"
            let pages = pagesReady.map { "事项页 \(Self.milliseconds($0)) ms 就绪，" } ?? ""
            return "\(what) 有改动：重新生成 \(rendered.count) 个文件\(removedNote)；\(pages)全部 \(total)"
        }
    }

    public static func milliseconds(_ duration: Duration) -> Int {
        Int((duration / .milliseconds(1)).rounded())
    }
}
