import Foundation

/// Where a build reads and writes.
public struct BuildOptions: Sendable {
    public var content: URL
    public var output: URL
    public var theme: URL
    /// Replaces site.yaml's 网址 (for a staging copy of the site, say).
    public var baseURL: String?

    public init(content: URL, output: URL, theme: URL, baseURL: String? = nil) {
        self.content = content
        self.output = output
        self.theme = theme
        self.baseURL = baseURL
    }
}

public struct BuildReport: Sendable {
    public var matters: Int
    public var pages: Int
    public var files: Int
}

/// The whole build: load → validate → render → write. Each stage stops the build with every problem it
/// found; nothing is written unless all stages before `write` succeeded.
public struct Pipeline {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func build() throws -> BuildReport {
        let (catalogue, files) = try renderInMemory()
        try guardAgainstOverwritingSources()
        try OutputWriter(output: options.output).write(files)
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        return BuildReport(matters: catalogue.matters.count, pages: pages, files: files.count)
    }

    /// Everything but writing: what `lint` runs, so it reports exactly what `build` would.
    public func renderInMemory() throws -> (Catalogue, [OutputFile]) {
        let catalogue = try loadCatalogue()
        let theme = try Theme.load(options.theme)
        let files = try SiteRenderer(theme: theme).render(catalogue)
        return (catalogue, files)
    }

    public func loadCatalogue() throws(DiagnosticList) -> Catalogue {
        let content = try ContentLoader(folder: options.content).load()
        var catalogue = try CatalogueValidator().validate(content)
        if let override = options.baseURL {
            guard let url = SiteLoader.normalizedBaseURL(override) else {
                throw DiagnosticList([Diagnostic(
                    file: "--base-url", line: 1, column: 1, field: "", message: "网址「\(override)」应以 http:// 或 https:// 开头",
                    hint: "例如 --base-url https://www.example.gov.cn/gongkai/")])
            }
            catalogue.site.baseURL = url
        }
        return catalogue
    }

    /// The output is replaced wholesale, so it must not be (or contain) the content or the theme.
    private func guardAgainstOverwritingSources() throws(WriteError) {
        let output = options.output.standardizedFileURL.path + "/"
        for source in [options.content, options.theme] {
            let path = source.standardizedFileURL.path + "/"
            if path.hasPrefix(output) {
                throw .notAnOutputFolder(options.output.path)
            }
        }
    }
}
