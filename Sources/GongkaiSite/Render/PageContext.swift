import GongkaiModel
import MustacheTemplates

/// The data every page shares: the station, the navigation, the labels, and the relative path back to
/// the site's root, so pages work from any folder, under any base path and from file://.
struct PageContext {
    let catalogue: Catalogue
    let labels: [String: String]
    /// The station's part, the same on every page: made once, not once per page.
    private let siteValue: ContextObject

    init(catalogue: Catalogue, labels: [String: String]) {
        self.catalogue = catalogue
        self.labels = labels
        let site = catalogue.site
        siteValue = [
            "name": site.name,
            "title": site.title,
            "address": site.address,
            "officeHours": optionalText(site.officeHours),
            "implementingBody": site.implementingBody,
            "edition": optionalText(site.edition),
            "contacts": site.contacts.map(ContactContext.value),
            "supervisionPhones": site.contacts.filter { $0.kind == .phone }.map(ContactContext.value),
        ]
    }

    enum Section: String {
        case catalogue, policies, contact, none
    }

    /// A page of the site: its template, path and data, the data made only when the page is.
    func page(
        _ template: String, _ path: String, title: String, section: Section, root: String? = nil,
        matter: String? = nil, _ extra: @escaping () -> ContextObject
    ) -> SiteRenderer.Page {
        .init(template: template, path: path, matter: matter) {
            value(title: title, path: path, section: section, root: root, extra: extra())
        }
    }

    /// - Parameters:
    ///   - path: the page's output path, e.g. `matters/2.1/index.html`.
    ///   - root: overrides the relative root (the 404 page is served from any depth, so it uses the base path).
    func value(
        title: String, path: String, section: Section, root: String? = nil, extra: ContextObject
    ) -> ContextObject {
        let depth = path.utf8.count(where: { $0 == UInt8(ascii: "/") })
        let root = root ?? String(repeating: "../", count: depth)
        let site = catalogue.site
        var context: ContextObject = [
            "lang": site.language,
            "root": root,
            "pageTitle": title,
            "isHome": path == SiteOutputs.home,
            "site": siteValue,
            "nav": [
                navItem(labels[label: .navCatalogue], href: root + SiteOutputs.home, current: section == .catalogue),
                navItem(labels[label: .navPolicies], href: root + SiteOutputs.policies, current: section == .policies),
                navItem(labels[label: .navContact], href: root + SiteOutputs.contact, current: section == .contact),
            ],
            // A dictionary, not a `ContextObject`: a theme has a hundred labels and more, too many to scan.
            "labels": labels,
            "contentSecurityPolicy": Self.contentSecurityPolicy,
        ]
        context.merge(extra)
        return context
    }

    private func navItem(_ label: String, href: String, current: Bool) -> ContextObject {
        ["label": label, "href": href, "current": current]
    }

    /// Only the site's own styles, scripts and images; no connections, no forms sent anywhere, no frames.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'none'; form-action 'none'; base-uri 'none'"
}
