import Foundation
import GongkaiModel
import GongkaiContent
import GongkaiSite

/// Where a build reads and writes.
public struct BuildOptions: Sendable {
    public var content: URL
    public var output: URL
    public var theme: URL
    /// Replaces site.yaml's 网址 (for a staging copy of the site, say).
    public var baseURL: String?
    /// Build a site with no matters: without it, a missing or empty content/matters/ is an error, so a
    /// mistyped --content cannot replace a published site with an empty one.
    public var allowEmpty: Bool
    /// The holiday calendars that come with gongkai; the content's calendar/ adds years and replaces them.
    public var builtInCalendars: URL?

    public init(
        content: URL, output: URL, theme: URL, baseURL: String? = nil, allowEmpty: Bool = false,
        builtInCalendars: URL? = Installed.calendars
    ) {
        self.builtInCalendars = builtInCalendars
        self.content = content
        self.output = output
        self.theme = theme
        self.baseURL = baseURL
        self.allowEmpty = allowEmpty
    }
}

public struct BuildReport: Sendable {
    public var matters: Int
    public var pages: Int
    public var files: Int
    public var timings: BuildTimings

    /// What `build` and `pdf` print when the site is written, e.g. `已生成 18 个页面（5 个事项），共 28 个文件 → public/`.
    public func summary(output: String) -> String {
        "已生成 \(pages) 个页面（\(matters) 个事项），共 \(files) 个文件 → \(output)/"
    }
}

/// The stages every command runs — load → validate → plan → render (and write) — each a function of its
/// own that knows nothing of timing or of freeing memory. `build` and `lint` run them in order; `serve`
/// (`LiveSite`) runs the same functions and only chooses which pages to render again. Each stage stops with
/// every problem it found; nothing is written unless all stages before `write` succeeded.
public struct Pipeline {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// - Parameter progress: called every 256 files, and at the end, with (files written, files in all).
    public func build(progress: ((Int, Int) -> Void)? = nil) throws -> BuildReport {
        try build(keepingBook: false, progress: progress).report
    }

    /// The build, and the print catalogue's parts for `gongkai pdf` to lay out (nil: the theme has no
    /// running document, so the catalogue is laid out in one piece; see `PrintBook`).
    public func buildForPrint(progress: ((Int, Int) -> Void)? = nil) throws -> (report: BuildReport, book: PrintBook?) {
        try build(keepingBook: true, progress: progress)
    }

    private func build(keepingBook: Bool, progress: ((Int, Int) -> Void)?) throws -> (report: BuildReport, book: PrintBook?) {
        var timings = BuildTimings()
        var content = try timings.measure(.load) { () throws(DiagnosticList) in try load() }
        let catalogue = try timings.measure(.validate) { () throws(DiagnosticList) in try validate(&content) }
        // What was read for diagnostics (each file's text, where each field was written).
        Self.releaseInBackground(consume content)
        let markdown = timings.measure(.markdown) { MarkdownHTML(catalogue) }
        let theme = try loadTheme()
        let planned = try timings.measure(.render) { () throws(DiagnosticList) in
            try plan(catalogue, theme: theme, markdown: markdown)
        }
        try write(planned, timings: &timings, progress: progress)
        let report = BuildReport(
            matters: catalogue.matters.count, pages: planned.filter { $0.path.hasSuffix(".html") }.count,
            files: planned.count, timings: timings)
        let book = keepingBook ? PrintBook(catalogue: catalogue, theme: theme, markdown: markdown) : nil
        // The matters, Markdown and page plans: hundreds of thousands of objects on a large site.
        Self.releaseInBackground((consume catalogue, consume markdown, consume planned))
        return (report, book)
    }

    /// Everything but writing: what `lint` runs, so it reports exactly what `build` would.
    public func renderInMemory() throws -> (Catalogue, [OutputFile]) {
        var content = try load()
        let catalogue = try validate(&content)
        let files = SiteRenderer.make(try plan(catalogue, theme: try loadTheme(), markdown: MarkdownHTML(catalogue)))
        return (catalogue, files)
    }

    /// Load and validate: the catalogue as every stage after them sees it (`check` needs no more).
    public func loadCatalogue() throws(DiagnosticList) -> Catalogue {
        var content = try load()
        return try validate(&content)
    }

    // MARK: - The stages

    /// Load: every content file read and checked on its own.
    package func load() throws(DiagnosticList) -> LoadedContent {
        try ContentLoader(folder: options.content, allowEmpty: options.allowEmpty, builtInCalendars: options.builtInCalendars).load()
    }

    /// Validate: the checks across files, `--base-url`, and what the site's outputs need of the content (a
    /// base URL short enough for the posters' QR codes). Takes the matters out of `content`.
    package func validate(_ content: inout LoadedContent) throws(DiagnosticList) -> Catalogue {
        try complete(try CatalogueValidator().validate(takingMattersFrom: &content))
    }

    /// Validate, for `serve`, whose content stays loaded file by file: the same checks over the same matters.
    package func validate(_ content: LoadedContent, knownOwnProblems: [[Diagnostic]]?) throws(DiagnosticList) -> Catalogue {
        try complete(try CatalogueValidator().validate(content, knownOwnProblems: knownOwnProblems))
    }

    /// The part of validation after the catalogue's own checks, which `serve`'s one-matter revalidation
    /// runs too.
    package func complete(_ catalogue: Catalogue) throws(DiagnosticList) -> Catalogue {
        let catalogue = try applyBaseURL(to: catalogue)
        try SiteRenderer.requireOutputs(for: catalogue)
        return catalogue
    }

    package func loadTheme() throws(DiagnosticList) -> Theme {
        try Theme.load(options.theme)
    }

    /// Plan: every file of the site (or of `matters` only), none rendered yet; template problems stop here.
    package func plan(
        _ catalogue: Catalogue, theme: Theme, markdown: MarkdownHTML, matters: Set<String>? = nil
    ) throws(DiagnosticList) -> [SiteRenderer.PlannedFile] {
        try SiteRenderer(theme: theme).plan(catalogue, markdown: markdown, matters: matters)
    }

    /// Render and write: every planned file made on all cores into a staging folder that replaces the
    /// output in one switch, or is removed.
    func write(_ planned: [SiteRenderer.PlannedFile], timings: inout BuildTimings, progress: ((Int, Int) -> Void)?) throws {
        try guardAgainstOverwritingSources()
        let staged = try timings.measure(.write) { () throws(WriteError) in try OutputWriter(output: options.output).begin() }
        do {
            let targets = try timings.measure(.write) { () throws(WriteError) in try staged.prepare(planned.map(\.path)) }
            try RenderAndWrite(planned: planned, targets: targets, progress: progress).run(timings: &timings)
            timings.measure(.write) { staged.carryOverPDFs() }
        } catch {
            staged.abort()
            throw error
        }
        try timings.measure(.write) { () throws(WriteError) in try staged.commit() }
    }

    /// Freeing a 10,000-matter site's data takes a noticeable time on one thread (docs/performance.md). The
    /// build hands it to another thread and returns; the command then exits, and whatever is not freed by
    /// then the system takes back with the process.
    public static func releaseInBackground<Value>(_ value: consuming Value) {
        let box = ReleaseBox(value)
        DispatchQueue.global(qos: .utility).async { box.release() }
    }

    /// `--base-url` in place of site.yaml's 网址.
    package func applyBaseURL(to catalogue: Catalogue) throws(DiagnosticList) -> Catalogue {
        guard let override = options.baseURL else { return catalogue }
        let url: String
        switch BaseURL.normalized(override) {
        case .success(let normalized):
            url = normalized
        case .failure(let problem):
            throw DiagnosticList([Diagnostic(
                file: "--base-url", line: 1, column: 1, field: "", message: "网址「\(override)」\(problem.reason)",
                hint: "只写协议、主机名（可带端口）和路径，例如 --base-url \(BaseURL.example)")])
        }
        var catalogue = catalogue
        catalogue.site.baseURL = url
        return catalogue
    }

    /// The output is replaced wholesale, so it must not be (or contain) the content or the theme. Compared
    /// where they really are: a content or theme folder given through a symbolic link into the output
    /// passed a comparison of the paths as written, and the build deleted it. Then, for what a path
    /// comparison cannot see (a bind mount, a second name for one folder), the output's device and inode
    /// against those of each source and every folder above it. An output inside the content is odd but
    /// harmless, and allowed.
    func guardAgainstOverwritingSources() throws(WriteError) {
        let output = OutputPath.resolved(options.output.standardizedFileURL.path)
        let outputFolder = output.hasSuffix("/") ? output : output + "/"
        var outputStatus = stat()
        let outputExists = lstat(output, &outputStatus) == 0
        for source in [options.content, options.theme] {
            let real = OutputPath.resolved(source.standardizedFileURL.path)
            if real == output || real.hasPrefix(outputFolder) {
                throw .outputHoldsSource(output: options.output.path, source: source.path)
            }
            guard outputExists else { continue }
            var folder = real
            while !folder.isEmpty {
                var status = stat()
                if stat(folder, &status) == 0, status.st_dev == outputStatus.st_dev, status.st_ino == outputStatus.st_ino {
                    throw .outputHoldsSource(output: options.output.path, source: source.path)
                }
                guard let slash = folder.lastIndex(of: "/") else { break }
                folder = slash == folder.startIndex && folder != "/" ? "/" : String(folder[..<slash])
            }
        }
    }
}

/// Holds a value until `release`, so that its last reference goes on the thread that calls it.
// @unchecked Sendable: the value is touched once, by `release`, on the one thread that calls it.
private final class ReleaseBox<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: consuming Value) { self.value = value }
    func release() { value = nil }
}
