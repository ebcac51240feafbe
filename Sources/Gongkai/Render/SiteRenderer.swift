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

/// The render stage: every page of the site, the sitemap, the open data and the theme's assets, in memory.
public struct SiteRenderer {
    let theme: Theme

    public init(theme: Theme) {
        self.theme = theme
    }

    struct Page {
        let template: String
        let path: String
        let context: [String: Any]
    }

    public func render(_ catalogue: Catalogue) throws(DiagnosticList) -> [OutputFile] {
        try PrintPages.requireBaseURL(for: catalogue)
        let pages = PageList(catalogue: catalogue, labels: theme.labels).pages
        try check(against: pages)
        var files = pages.map { page in
            OutputFile(path: page.path, text: theme.render(page.context, template: page.template))
        }
        files.append(OutputFile(path: "sitemap.xml", text: Sitemap.xml(for: catalogue, pages: pages.map(\.path))))
        files.append(OutputFile(path: "catalogue.json", contents: OpenData.json(for: catalogue)))
        for (relative, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            guard let data = try? Data(contentsOf: url) else {
                throw DiagnosticList([Diagnostic(file: url.path, line: 1, column: 1, field: "", message: "无法读取主题文件")])
            }
            files.append(OutputFile(path: "assets/\(relative)", contents: data))
        }
        return files
    }

    /// Template problems are build errors: a missing template, an unknown name, a non-Markdown raw output.
    private func check(against pages: [Page]) throws(DiagnosticList) {
        var vocabulary = Set(theme.labels.keys)
        for page in pages + PageList.specimenPages(labels: theme.labels) {
            TemplateCheck.keys(of: page.context, into: &vocabulary)
        }
        var problems = TemplateCheck(vocabulary: vocabulary, templateNames: Set(theme.templates.keys)).check(theme)
        for name in Set(pages.map(\.template)).sorted() where theme.templates[name] == nil {
            problems.append(Diagnostic(
                file: "templates/\(name).mustache", line: 1, column: 1, field: "", message: "主题缺少模板「\(name)」",
                hint: "在主题的 templates/ 里写 \(name).mustache，或让主题的 parent 提供它"))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
    }
}

/// Which pages a catalogue has, each with its template and data.
struct PageList {
    let catalogue: Catalogue
    let labels: [String: String]

    var pages: [SiteRenderer.Page] {
        let shared = PageContext(catalogue: catalogue, labels: labels)
        let checkerCalendar = CheckerRules.Calendar(catalogue.calendar)
        let dutyNames = Dictionary(catalogue.site.duties.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        var pages: [SiteRenderer.Page] = []

        func add(_ template: String, _ path: String, title: String, section: PageContext.Section,
                 root: String? = nil, _ extra: [String: Any]) {
            let context = shared.value(title: title, path: path, section: section, root: root, extra: extra)
            pages.append(.init(template: template, path: path, context: context))
        }

        add("index", "index.html", title: catalogue.site.title, section: .catalogue, [
            "duties": catalogue.mattersByDuty.map { duty, matters in
                [
                    "number": duty.number, "name": duty.name,
                    "matters": matters.map { ["number": $0.number, "name": $0.name, "href": "matters/\($0.number)/index.html"] },
                ] as [String: Any]
            },
            "policies": policyLinks(prefix: ""),
            "hasPolicies": !catalogue.policies.isEmpty,
        ])
        for matter in catalogue.matters {
            add("matter", "matters/\(matter.number)/index.html", title: "\(matter.number) \(matter.name)",
                section: .catalogue, ["matter": MatterContext(
                    matter: matter, duty: dutyNames[matter.dutyNumber], site: catalogue.site,
                    calendar: checkerCalendar).value])
        }
        add("policies", "policies/index.html", title: labels["navPolicies"] ?? "规章制度", section: .policies,
            ["policies": policyLinks(prefix: "../")])
        for policy in catalogue.policies {
            add("policy", "policies/\(policy.slug)/index.html", title: policy.title, section: .policies, [
                "policy": [
                    "title": policy.title, "language": optionalText(policy.language), "bodyHtml": Markdown.html(policy.body),
                ] as [String: Any],
            ])
        }
        add("contact", "contact/index.html", title: labels["navContact"] ?? "投诉监督", section: .contact,
            ["contactGroups": contactGroups()])
        add("404", "404.html", title: labels["notFoundTitle"] ?? "页面不存在", section: .none,
            root: catalogue.site.baseURL.flatMap { URL(string: $0)?.path }.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/",
            [:])
        pages += PrintPages(catalogue: catalogue, labels: labels, shared: shared).pages
        return pages
    }

    private func policyLinks(prefix: String) -> [[String: Any]] {
        catalogue.policies.map {
            ["title": $0.title, "language": optionalText($0.language), "href": "\(prefix)policies/\($0.slug)/index.html"]
        }
    }

    /// Each distinct contact once, with the matters it serves (none listed: it is the station's own).
    private func contactGroups() -> [[String: Any]] {
        catalogue.allContacts.map { contact in
            let matters = catalogue.matters.filter { $0.contacts.contains(contact) }
            var value = ContactContext.value(contact)
            value["matters"] = matters.map {
                ["number": $0.number, "name": $0.name, "href": "../matters/\($0.number)/index.html"]
            }
            value["isStation"] = catalogue.site.contacts.contains(contact)
            return value
        }
    }

    /// Pages of a made-up catalogue that fills every optional field, so the template check knows every
    /// name a template may use even when the real content leaves some fields out.
    static func specimenPages(labels: [String: String]) -> [SiteRenderer.Page] {
        let contact = Contact(label: "监督电话", value: "022-12345")
        let site = Site(
            name: "站", baseURL: "https://example.org/", address: "址", officeHours: "时", implementingBody: "机构",
            contacts: [contact], edition: "版", duties: [Duty(number: "1", name: "职责")])
        let matter = Matter(
            number: "1.1", dutyNumber: "1", name: "事项", legalBasis: [LegalBasis(reference: "依据", text: "内容")],
            implementingBody: "机构", boundary: Boundary(levels: ["甲", "乙"], isSequence: true),
            flow: Flow(steps: [FlowStep(name: "步", isBracketed: true, actor: "社区",
                                        timeLimit: TimeLimit(days: 2, unit: .workingDays), note: "注")]),
            situations: [Situation(key: "键", question: "问", options: ["是", "否"], note: "注")],
            materials: [Material(name: "材料", form: "原件", copies: 1, source: "源", blankForm: "a.pdf", sampleForm: "b.pdf",
                                 condition: Condition(clauses: [.init(questionKey: "键", options: ["是"])]), note: "注")],
            responsibilities: ["责任"], contacts: [contact],
            guide: ServiceGuide(legalTimeLimit: "1", promisedTimeLimit: "1", timeLimit: "1", place: "地", hours: "时",
                                fee: "不收费", phone: "1", result: "果"),
            body: "正文")
        let catalogue = Catalogue(site: site, matters: [matter], policies: [Policy(slug: "p", title: "制度", order: 1, body: "文")])
        return PageList(catalogue: catalogue, labels: labels).pages
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
