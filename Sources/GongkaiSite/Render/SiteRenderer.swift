import Foundation
import GongkaiModel
import GongkaiContent
import GongkaiUtils
import MustacheTemplates

/// A file the build produces, by path relative to the output folder.
public struct OutputFile: Sendable, Equatable {
    public let path: String
    /// Pages stay the String the template made: copying a 10,000-matter print catalogue into Data would
    /// double the build's peak memory for nothing.
    private let body: Body

    private enum Body: Sendable {
        case text(String)
        case data(Data)
        case bytes([UInt8])
        case rendered(RenderedBytes?)
    }

    public init(path: String, contents: Data) {
        self.path = path
        body = .data(contents)
    }

    public init(path: String, text: String) {
        self.path = path
        body = .text(text)
    }

    /// UTF-8 text, such as catalogue.json.
    init(path: String, utf8: [UInt8]) {
        self.path = path
        body = .bytes(utf8)
    }

    /// A page as the template engine made it, in its own buffer (nil: the theme has no such template,
    /// an empty file).
    init(path: String, rendered: RenderedBytes?) {
        self.path = path
        body = .rendered(rendered)
    }

    public var contents: Data {
        switch body {
        case .text(let text): Data(text.utf8)
        case .data(let data): data
        case .bytes(let bytes): Data(bytes)
        case .rendered(let rendered): rendered?.withBytes { Data($0) } ?? Data()
        }
    }

    /// The bytes, without a copy.
    public func withBytes<R>(_ use: (UnsafeRawBufferPointer) -> R) -> R {
        switch body {
        case .text(var text): text.withUTF8 { use(UnsafeRawBufferPointer($0)) }
        case .data(let data): data.withUnsafeBytes(use)
        case .bytes(let bytes): bytes.withUnsafeBytes(use)
        case .rendered(let rendered): rendered?.withBytes(use) ?? use(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    public static func == (lhs: OutputFile, rhs: OutputFile) -> Bool {
        lhs.path == rhs.path && lhs.contents == rhs.contents
    }
}

/// The render stage: every page of the site, the sitemap, the open data and the theme's assets.
public struct SiteRenderer: Sendable {
    let theme: Theme

    public init(theme: Theme) {
        self.theme = theme
    }

    struct Page {
        let template: String
        let path: String
        /// The matter this page is about (its page, its poster); nil for pages of the whole site.
        var matter: String? = nil
        /// Bytes to render into from the start, for a page that grows with the catalogue: doubling up to
        /// tens of megabytes copied what was written at each step and touched fresh memory each time.
        var capacity = TemplateRenderer.defaultCapacity
        /// Computed only when the page is made, so a one-page rebuild computes one page's data.
        let context: () -> ContextObject
    }

    /// One output file, made when asked: the build makes each on some core and writes it straight away
    /// (`RenderAndWrite`), so a 100,000-matter site never sits in memory whole.
    public struct PlannedFile {
        public let path: String
        /// The matter this file is about; nil for files of the whole site (index, sitemap, catalogue.json,
        /// contact page, print catalogue, assets …), which a change to any matter may change.
        public var matter: String? = nil
        public let make: () -> OutputFile

        package init(path: String, matter: String? = nil, make: @escaping () -> OutputFile) {
            self.path = path
            self.matter = matter
            self.make = make
        }
    }

    /// Every file of the site in a fixed order, none made yet. Template problems stop the build here.
    /// - Parameter matters: plan only these matters' own pages (and every page of the whole site); nil: all.
    public func plan(
        _ catalogue: Catalogue, markdown: MarkdownHTML, matters: Set<String>? = nil
    ) throws(DiagnosticList) -> [PlannedFile] {
        try checkTemplates()
        let list = PageList(catalogue: catalogue, labels: theme.labels, markdown: markdown)
        var filtered = list
        filtered.onlyMatters = matters
        let pages = filtered.pages
        try requireTemplates(for: pages)
        let theme = self.theme
        var files = pages.map { page in
            PlannedFile(path: page.path, matter: page.matter) {
                OutputFile(path: page.path, rendered: theme.render(page.context(), template: page.template, capacity: page.capacity))
            }
        }
        let paths = pages.map(\.path)
        files.append(PlannedFile(path: SiteOutputs.sitemap) {
            // A partial plan lacks most pages; the sitemap lists them all, so it asks for the full list.
            OutputFile(path: SiteOutputs.sitemap, text: Sitemap.xml(for: catalogue, pages: matters == nil ? paths : list.pages.map(\.path)))
        })
        files.append(PlannedFile(path: SiteOutputs.openData) { OutputFile(path: SiteOutputs.openData, utf8: OpenData.jsonBytes(for: catalogue)) })
        let labels = theme.labels
        files.append(PlannedFile(path: SiteOutputs.searchIndex) {
            OutputFile(path: SiteOutputs.searchIndex, utf8: SearchIndex.scriptBytes(for: catalogue, labels: labels))
        })
        for (relative, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            guard let data = try? Data(contentsOf: url) else {
                throw DiagnosticList([Diagnostic(file: url.path, line: 1, column: 1, field: "", message: "无法读取主题文件")])
            }
            files.append(PlannedFile(path: "assets/\(relative)") { OutputFile(path: "assets/\(relative)", contents: data) })
        }
        return files
    }

    /// What the outputs need of content beyond its own checks, run in the validate stage: posters need a base
    /// URL short enough for a QR code. Without a base URL `plan` makes no posters.
    public static func requireOutputs(for catalogue: Catalogue) throws(DiagnosticList) {
        try PrintPages.requireBaseURL(for: catalogue)
    }

    /// The whole site in memory (for tests; `lint` and `build` run the pipeline's stages).
    public func render(_ catalogue: Catalogue) throws(DiagnosticList) -> [OutputFile] {
        Self.make(try plan(catalogue, markdown: MarkdownHTML(catalogue)))
    }

    /// The own pages of these matters (page, poster), computing data for those pages alone: the preview
    /// server's rebuilds. `markdown` holds the HTML already converted; texts not in it are converted on the way.
    public func render(
        _ catalogue: Catalogue, pagesOf matters: Set<String>, markdown: MarkdownHTML = .none
    ) throws(DiagnosticList) -> [OutputFile] {
        Self.make(try plan(catalogue, markdown: markdown, matters: matters).filter { $0.matter != nil })
    }

    /// Only these files of the whole site (index, sitemap …), no matter's own pages.
    public func render(
        _ catalogue: Catalogue, siteFiles paths: Set<String>, markdown: MarkdownHTML = .none
    ) throws(DiagnosticList) -> [OutputFile] {
        Self.make(try plan(catalogue, markdown: markdown, matters: []).filter { $0.matter == nil && paths.contains($0.path) })
    }

    package static func make(_ planned: [PlannedFile]) -> [OutputFile] {
        Parallel.map(planned.count) { planned[$0].make() }
    }

    /// Template problems are build errors: an unknown name, a missing partial, a non-Markdown raw output.
    /// The names a template may use are those of the specimen pages, which fill every field, so the check
    /// depends on the theme alone, not on which optional fields the content happens to use.
    private func checkTemplates() throws(DiagnosticList) {
        let theme = self.theme
        let problems = theme.checkResult.value {
            var vocabulary = Set(theme.labels.keys)
            for page in PageList.specimenPages(labels: theme.labels) {
                TemplateCheck.keys(of: page.context(), into: &vocabulary)
            }
            return TemplateCheck(vocabulary: vocabulary, templateNames: Set(theme.templates.keys)).check(theme)
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
    }

    private func requireTemplates(for pages: [Page]) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        for name in Set(pages.map(\.template)).sorted() where theme.templates[name] == nil {
            problems.append(Diagnostic(
                file: "templates/\(name).mustache", line: 1, column: 1, field: "", message: "主题缺少模板「\(name)」",
                hint: "在主题的 templates/ 里写 \(name).mustache，或让主题的 parent 提供它"))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
    }
}

enum Sitemap {
    /// Absolute URLs of the pages people search for, in page order: not the 404 page, and not the pages
    /// made for paper (print catalogue, posters), which repeat the matter pages.
    static func xml(for catalogue: Catalogue, pages: [String]) -> String {
        let base = catalogue.site.baseURL ?? "/"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages where page != SiteOutputs.notFound && !SiteOutputs.isPaperPage(page) {
            let path = page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            xml += "  <url><loc>\(HTMLEscape.escaped(base + encoded))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}
