/// Everything a build publishes, loaded and validated: the station, its matters in 序号 order, its policies.
public struct Catalogue: Sendable, Equatable {
    public var site: Site
    public var matters: [Matter]
    public var policies: [Policy]
    public var calendar: HolidayCalendar

    public init(site: Site, matters: [Matter], policies: [Policy], calendar: HolidayCalendar = HolidayCalendar()) {
        self.site = site
        self.matters = matters
        self.policies = policies
        self.calendar = calendar
    }

    /// Matters grouped under their 主要职责, in the order site.yaml declares the duties.
    /// Positions in `matters`, not copies: a copy of a matter retains every string and list in it, and
    /// the index, the print catalogue and catalogue.json each list all matters by duty.
    public var matterIndicesByDuty: [(duty: Duty, indices: [Int])] {
        var byNumber: [String: [Int]] = [:]
        for index in matters.indices { byNumber[matters[index].dutyNumber, default: []].append(index) }
        return site.duties.map { ($0, byNumber[$0.number] ?? []) }
    }

    /// Every 监督方式 line of the site and its matters, each once, in first-seen order.
    public var allContacts: [Contact] {
        var seen = Set<Contact>()
        return (site.contacts + matters.flatMap(\.contacts)).filter { seen.insert($0).inserted }
    }
}

/// A 规章制度 page.
public struct Policy: Sendable, Equatable {
    /// File name without `.md`; becomes the address `policies/<slug>/`.
    public var slug: String
    public var title: String
    public var order: Int?
    /// Language of the text when it differs from the site's, e.g. `zh-Hant` for a regulation kept in
    /// traditional characters; screen readers and fonts follow it.
    public var language: String?
    /// Markdown.
    public var body: String

    public init(slug: String, title: String, order: Int? = nil, language: String? = nil, body: String) {
        self.slug = slug
        self.title = title
        self.order = order
        self.language = language
        self.body = body
    }
}
