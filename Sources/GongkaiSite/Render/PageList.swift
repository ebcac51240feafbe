import Foundation
import GongkaiModel
import GongkaiChecker
import MustacheTemplates

/// Which pages a catalogue has, each with its template and data.
struct PageList {
    let catalogue: Catalogue
    let labels: [String: String]
    let markdown: MarkdownHTML
    /// Only these matters' own pages (the preview server's one-matter rebuilds); nil: every matter's.
    var onlyMatters: Set<String>? = nil

    var pages: [SiteRenderer.Page] {
        let shared = PageContext(catalogue: catalogue, labels: labels)
        let checkerCalendar = CheckerRules.Calendar(catalogue.calendar)
        let dutyNames = Dictionary(catalogue.site.duties.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let catalogue = self.catalogue, labels = self.labels, markdown = self.markdown
        var pages: [SiteRenderer.Page] = []

        func add(_ template: String, _ path: String, title: String, section: PageContext.Section,
                 root: String? = nil, matter: String? = nil, _ extra: @escaping () -> ContextObject) {
            pages.append(shared.page(template, path, title: title, section: section, root: root, matter: matter, extra))
        }

        add("index", SiteOutputs.home, title: catalogue.site.title, section: .catalogue) { [
            "duties": catalogue.matterIndicesByDuty.map { duty, indices in
                [
                    "number": duty.number, "name": duty.name,
                    "matters": indices.map { index in
                        let number = catalogue.matters[index].number
                        return ["number": number, "name": catalogue.matters[index].name, "href": SiteOutputs.matterPage(number)] as ContextObject
                    },
                ] as ContextObject
            },
            "policies": PageList.policyLinks(catalogue, prefix: ""),
            "hasPolicies": !catalogue.policies.isEmpty,
            "searchIndexHref": SiteOutputs.searchIndex,
        ] }
        for matter in Self.matters(of: catalogue, only: onlyMatters) {
            add("matter", SiteOutputs.matterPage(matter.number), title: "\(matter.number) \(matter.name)",
                section: .catalogue, matter: matter.number) { ["matter": MatterContext(
                    matter: matter, duty: dutyNames[matter.dutyNumber], site: catalogue.site,
                    calendar: checkerCalendar, labels: labels, markdown: markdown).value] }
        }
        add("policies", SiteOutputs.policies, title: labels[label: .navPolicies], section: .policies) {
            ["policies": PageList.policyLinks(catalogue, prefix: "../")]
        }
        for policy in catalogue.policies {
            add("policy", SiteOutputs.policyPage(policy.slug), title: policy.title, section: .policies) { [
                "policy": [
                    "title": policy.title, "language": optionalText(policy.language), "bodyHtml": markdown.html(policy.body),
                ] as ContextObject,
            ] }
        }
        add("contact", SiteOutputs.contact, title: labels[label: .navContact], section: .contact) {
            ["contactGroups": PageList.contactGroups(catalogue)]
        }
        add("404", SiteOutputs.notFound, title: labels[label: .notFoundTitle], section: .none,
            root: SiteOutputs.basePath(of: catalogue.site)) { [:] }
        pages += PrintPages(catalogue: catalogue, labels: labels, shared: shared, markdown: markdown, onlyMatters: onlyMatters).pages
        return pages
    }

    /// The catalogue's matters, or only those numbered in `only`. (A `for … where` over all of them would
    /// copy every matter just to test its 序号.)
    static func matters(of catalogue: Catalogue, only numbers: Set<String>?) -> [Matter] {
        guard let numbers else { return catalogue.matters }
        return catalogue.matters.filter { numbers.contains($0.number) }
    }

    private static func policyLinks(_ catalogue: Catalogue, prefix: String) -> [ContextObject] {
        catalogue.policies.map {
            ["title": $0.title, "language": optionalText($0.language), "href": prefix + SiteOutputs.policyPage($0.slug)] as ContextObject
        }
    }

    /// Each distinct contact once, with the matters it serves (none listed: it is the station's own).
    private static func contactGroups(_ catalogue: Catalogue) -> [ContextObject] {
        // Positions, not matters: a copy of a matter retains every text and list it holds.
        var mattersByContact: [Contact: [Int]] = [:]
        for (index, matter) in catalogue.matters.enumerated() {
            for contact in Set(matter.contacts) { mattersByContact[contact, default: []].append(index) }
        }
        return catalogue.allContacts.map { contact in
            var value = ContactContext.value(contact)
            value["matters"] = (mattersByContact[contact] ?? []).map { index in
                let number = catalogue.matters[index].number
                return ["number": number, "name": catalogue.matters[index].name, "href": "../" + SiteOutputs.matterPage(number)] as ContextObject
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
                                        timeLimit: TimeLimit(count: 2, unit: .workingDays), note: "注")]),
            situations: [Situation(key: "键", question: "问", options: ["是", "否"], note: "注")],
            materials: [Material(name: "材料", form: "原件", copies: 1, source: "源", blankForm: "a.pdf", sampleForm: "b.pdf",
                                 condition: Condition(clauses: [.init(questionKey: "键", options: ["是"])]), note: "注")],
            responsibilities: ["责任"], contacts: [contact],
            texts: MatterTexts(Dictionary(uniqueKeysWithValues: MatterSchema.textFields.map { ($0, "1") })),
            body: "正文")
        let catalogue = Catalogue(site: site, matters: [matter], policies: [Policy(slug: "p", title: "制度", order: 1, body: "文")])
        let shared = PageContext(catalogue: catalogue, labels: labels)
        let book = CatalogueContext(catalogue: catalogue, labels: labels, markdown: .none)
        // The parts `gongkai pdf` lays out (PrintBook): a 目录 with its page numbers written in, and the
        // running document.
        let paper = [
            shared.page("print/catalogue", SiteOutputs.printCatalogue, title: "目录", section: .catalogue) {
                ["printCatalogue": book.part(cover: true, tocRows: 0..<1, tocTitle: true, sheets: 0..<1,
                                             pages: [SheetContext.anchor(matter.number): 3], isPart: true)]
            },
            shared.page(PrintBook.runningTemplate, SiteOutputs.printCatalogue, title: "目录", section: .catalogue) {
                ["running": ["pages": [[:] as ContextObject]] as ContextObject]
            },
        ]
        return PageList(catalogue: catalogue, labels: labels, markdown: .none).pages + paper
    }
}

