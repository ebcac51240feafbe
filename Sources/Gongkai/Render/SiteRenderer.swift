import Foundation
import Mustache

/// A file the build produces, by path relative to the output folder.
public struct OutputFile: Sendable, Equatable {
    public let path: String
    public let contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Data(text.utf8))
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
        /// Computed only when the page is made, so a one-page rebuild computes one page's data.
        let context: () -> [String: Any]
    }

    /// One output file, made when asked: the build makes them in parallel batches and writes each batch
    /// before making the next, so a 100,000-matter site never sits in memory whole.
    public struct PlannedFile {
        public let path: String
        public let make: () -> Data
    }

    /// Every file of the site in a fixed order, none made yet. Template problems stop the build here.
    public func plan(_ catalogue: Catalogue, markdown: MarkdownHTML) throws(DiagnosticList) -> [PlannedFile] {
        try PrintPages.requireBaseURL(for: catalogue)
        try checkTemplates()
        let pages = PageList(catalogue: catalogue, labels: theme.labels, markdown: markdown).pages
        try requireTemplates(for: pages)
        let theme = self.theme
        var files = pages.map { page in
            PlannedFile(path: page.path) { Data(theme.render(page.context(), template: page.template).utf8) }
        }
        let paths = pages.map(\.path)
        files.append(PlannedFile(path: "sitemap.xml") { Data(Sitemap.xml(for: catalogue, pages: paths).utf8) })
        files.append(PlannedFile(path: "catalogue.json") { OpenData.json(for: catalogue) })
        for (relative, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            guard let data = try? Data(contentsOf: url) else {
                throw DiagnosticList([Diagnostic(file: url.path, line: 1, column: 1, field: "", message: "无法读取主题文件")])
            }
            files.append(PlannedFile(path: "assets/\(relative)") { data })
        }
        return files
    }

    /// The whole site in memory (for `lint` and tests; `build` writes as it goes).
    public func render(_ catalogue: Catalogue) throws(DiagnosticList) -> [OutputFile] {
        Self.make(try plan(catalogue, markdown: MarkdownHTML(catalogue)))
    }

    /// Only the files at `paths`, computing data for those pages alone: the preview server's rebuilds.
    /// `markdown` holds the HTML already converted; texts not in it are converted on the way.
    public func render(
        _ catalogue: Catalogue, only paths: Set<String>, markdown: MarkdownHTML = .none
    ) throws(DiagnosticList) -> [OutputFile] {
        Self.make(try plan(catalogue, markdown: markdown).filter { paths.contains($0.path) })
    }

    static func make(_ planned: [PlannedFile]) -> [OutputFile] {
        Parallel.map(planned.count) { OutputFile(path: planned[$0].path, contents: planned[$0].make()) }
    }

    /// Template problems are build errors: an unknown name, a missing partial, a non-Markdown raw output.
    /// The names a template may use are those of the specimen pages, which fill every field, so the check
    /// depends on the theme alone, not on which optional fields the content happens to use.
    private func checkTemplates() throws(DiagnosticList) {
        var vocabulary = Set(theme.labels.keys)
        for page in PageList.specimenPages(labels: theme.labels) {
            TemplateCheck.keys(of: page.context(), into: &vocabulary)
        }
        let problems = TemplateCheck(vocabulary: vocabulary, templateNames: Set(theme.templates.keys)).check(theme)
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
        for page in pages where page != "404.html" && !page.hasPrefix("print/") && !page.hasPrefix("posters/") {
            let path = page.hasSuffix("index.html") ? String(page.dropLast("index.html".count)) : page
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            xml += "  <url><loc>\(XMLText.escape(base + encoded))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}

enum XMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
