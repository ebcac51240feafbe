/// Where a site's files go, and which show what: each matter has its own pages; a few pages list every
/// matter. The one place these paths are written.
public enum SiteOutputs {
    public static func matterPage(_ number: String) -> String { "matters/\(number)/index.html" }

    public static func poster(_ number: String) -> String { "posters/\(number).html" }

    public static let printCatalogue = "print/index.html"

    /// The pages of one matter: its page and its poster.
    public static func matterPaths(_ number: String) -> [String] {
        [matterPage(number), poster(number)]
    }

    /// The files that list every matter (or every matter's contacts), made again whenever any matter changes.
    public static let aggregatePaths = ["index.html", "sitemap.xml", "catalogue.json", "contact/index.html", printCatalogue]
}
