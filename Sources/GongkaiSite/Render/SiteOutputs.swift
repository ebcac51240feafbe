import Foundation
import GongkaiModel

/// Where a site's files go, and which show what: each matter has its own pages; a few pages list every
/// matter. The one place these paths are written.
public enum SiteOutputs {
    public static let home = "index.html"
    public static let policies = "policies/index.html"
    public static func policyPage(_ slug: String) -> String { "policies/\(slug)/index.html" }
    public static let contact = "contact/index.html"
    public static let notFound = "404.html"
    public static let sitemap = "sitemap.xml"
    public static let openData = "catalogue.json"
    /// The index page's search data, a script (`SearchIndex`): beside the pages, not in assets/, where a
    /// theme's own file of that name would collide with it.
    public static let searchIndex = "search-index.js"

    public static func matterPage(_ number: String) -> String { "matters/\(number)/index.html" }

    public static func poster(_ number: String) -> String { "posters/\(number).html" }

    /// A matter's page on the web, for catalogue.json and the poster's QR code: the folder, as people type it.
    public static func matterURL(base: String, number: String) -> String { base + "matters/\(number)/" }

    /// A policy's page on the web, for catalogue.json.
    public static func policyURL(base: String, slug: String) -> String { base + "policies/\(slug)/" }

    public static let printCatalogue = "print/index.html"

    /// The PDFs `gongkai pdf` makes from the paper pages, in the same folders.
    public static let printCataloguePDF = "print/catalogue.pdf"
    public static func posterPDF(_ number: String) -> String { "posters/\(number).pdf" }

    /// The smallest of a poster's density classes (`.poster.density-0` … in poster.css): `gongkai pdf`
    /// steps a poster that runs over one page down to it, one class at a time (PosterContext.density).
    public static let smallestPosterDensity = 7

    /// Whether a page is one of the paper pages (print catalogue, posters): not listed in the sitemap.
    public static func isPaperPage(_ path: String) -> Bool { path.hasPrefix("print/") || path.hasPrefix("posters/") }

    /// The pages of one matter: its page and its poster.
    public static func matterPaths(_ number: String) -> [String] {
        [matterPage(number), poster(number)]
    }

    /// The path the site is served under, from its 网址 (`https://example.org/dagu/` → `/dagu/`; none → `/`):
    /// where the 404 page points its links, and where `serve` answers.
    public static func basePath(of site: Site) -> String {
        guard let path = site.baseURL.flatMap({ URL(string: $0)?.path }), !path.isEmpty else { return "/" }
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// Room to make a file that holds every matter in (the print catalogue, catalogue.json) without growing
    /// it: 8 KB a matter, above the 4–7 KB of the example content and the benchmark's. Space a file does not
    /// use is never touched, so costs no memory; capped at 1 GB, past which the file grows as it needs.
    static func expectedSize(perMatter matters: Int) -> Int {
        min(64 * 1024 + 8 * 1024 * matters, 1 << 30)
    }

    /// The files that list every matter (or every matter's contacts), made again whenever any matter changes.
    public static let aggregatePaths = [home, sitemap, openData, searchIndex, contact, printCatalogue]
}
