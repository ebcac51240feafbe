import GongkaiModel
import GongkaiContent
import MustacheTemplates

/// The pages made for paper: the print catalogue `print/index.html` and a window poster
/// `posters/<序号>.html` per matter. They are pages of the site like the others — same header, footer,
/// Content-Security-Policy and template check — so they can be previewed in a browser; their stylesheets
/// (assets/print/) lay them out for paper, which `gongkai pdf` turns into PDF with WeasyPrint.
struct PrintPages {
    let catalogue: Catalogue
    let labels: [String: String]
    let shared: PageContext
    let markdown: MarkdownHTML
    var onlyMatters: Set<String>? = nil

    var pages: [SiteRenderer.Page] {
        let catalogue = self.catalogue, markdown = self.markdown
        var catalogueSheet = page("print/catalogue", SiteOutputs.printCatalogue, title: labels[label: .printCatalogueTitle]) {
            ["printCatalogue": CatalogueContext(catalogue: catalogue, labels: labels, markdown: markdown).value]
        }
        catalogueSheet.capacity = SiteOutputs.expectedSize(perMatter: catalogue.matters.count)
        var pages = [catalogueSheet]
        // Without a base URL there is nothing for a QR code to open; the validate stage (`requireBaseURL`) has
        // stopped the build.
        guard let base = catalogue.site.baseURL else { return pages }
        for matter in PageList.matters(of: catalogue, only: onlyMatters) {
            pages.append(page("print/poster", SiteOutputs.poster(matter.number), title: "\(matter.number) \(matter.name)",
                              matter: matter.number) {
                ["poster": PosterContext(matter: matter, site: catalogue.site, url: SiteOutputs.matterURL(base: base, number: matter.number)).value]
            })
        }
        return pages
    }

    /// Paper pages belong to the catalogue section of the navigation.
    private func page(
        _ template: String, _ path: String, title: String, matter: String? = nil,
        _ extra: @escaping () -> ContextObject
    ) -> SiteRenderer.Page {
        shared.page(template, path, title: title, section: .catalogue, matter: matter, extra)
    }

    /// A poster's QR code leads to the matter's page, so posters need the site's address. site.yaml requires
    /// 网址 today, but a catalogue may come from elsewhere: without one this is an error, never a poster with a
    /// code that leads nowhere. A URL too long for any QR code is an error too.
    static func requireBaseURL(for catalogue: Catalogue) throws(DiagnosticList) {
        guard let base = catalogue.site.baseURL, !base.isEmpty else {
            throw DiagnosticList([Diagnostic(
                file: "site.yaml", line: 1, column: 1, field: "网址",
                message: "海报上的二维码要指向事项的网页，但不知道网站的网址",
                hint: "在 site.yaml 写 网址: \"https://…/\"，或运行时加 --base-url https://…/")])
        }
        // Encoding every matter's code to find out is slow on a large site; byte mode is
        // the worst case, so when the longest address fits in its capacity every code does, untried. (This
        // runs on every plan, the preview server's one-matter rebuilds included: no address is built here.)
        let longestNumber = catalogue.matters.lazy.map(\.number.utf8.count).max() ?? 0
        guard SiteOutputs.matterURL(base: base, number: "").utf8.count + longestNumber > QRCode.byteCapacityAtMedium else { return }
        let problems = catalogue.matters.compactMap { matter -> Diagnostic? in
            let url = SiteOutputs.matterURL(base: base, number: matter.number)
            guard (try? QRCode(url, correction: .medium)) == nil else { return nil }
            return Diagnostic(
                file: "site.yaml", line: 1, column: 1, field: "网址", message: "网址太长，无法生成二维码：\(url)",
                hint: "换一个短一些的网址（--base-url）")
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
    }
}
