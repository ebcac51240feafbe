import GongkaiModel

/// Reads content/site.yaml into a `Site`.
package struct SiteLoader {
    static let keys = ["名称", "标题", "网址", "地址", "办公时间", "实施机构", "监督方式", "版本", "语言", "主要职责"]
    static let requiredKeys = ["名称", "网址", "地址", "实施机构", "监督方式", "主要职责"]

    /// Where each duty's 序号 was written, for the duplicate and format checks.
    struct Origin {
        var dutyNumbers: [YAMLField] = []
    }

    let log: ProblemLog

    /// Nil only when site.yaml is not a record of fields. A field with a problem is reported (every field is
    /// read, so all are reported in one run) and left empty: the matters are then still read and checked
    /// against what the site did say, and the problems in the log keep anything from being built.
    func load(_ source: SourceFile) -> (Site, Origin)? {
        guard let root = YAMLText.root(of: source, log: log) else { return nil }
        guard let record = root.record(known: Self.keys, required: Self.requiredKeys) else { return nil }
        // Read in the order site.yaml is written (主要职责 last), so its problems are listed top to bottom.
        let name = record.text("名称") ?? "", title = record.optionalText("标题") ?? "公开服务内容"
        let baseURL = record["网址"].flatMap(Self.baseURL(from:)), address = record.text("地址") ?? ""
        let officeHours = record.optionalText("办公时间"), body = record.text("实施机构") ?? ""
        let contacts = record["监督方式"].flatMap(ContactsReader.read) ?? []
        let edition = record.optionalText("版本"), language = record.optionalText("语言") ?? "zh-CN"
        var origin = Origin()
        let duties: [Duty] = (record["主要职责"]?.list() ?? []).compactMap { item in
            guard let duty = item.record(known: ["序号", "名称"], required: ["序号", "名称"]) else { return nil }
            let numberField = duty["序号"], number = numberField?.text(), name = duty.text("名称")
            guard let numberField, let number, let name else { return nil }
            origin.dutyNumbers.append(numberField)
            return Duty(number: number, name: name)
        }
        let site = Site(
            name: name, title: title, baseURL: baseURL, address: address, officeHours: officeHours,
            implementingBody: body, contacts: contacts, edition: edition, language: language, duties: duties)
        return (site, origin)
    }

    static func baseURL(from field: YAMLField) -> String? {
        guard let text = field.text() else { return nil }
        switch BaseURL.normalized(text) {
        case .success(let url):
            return url
        case .failure(let problem) where problem.reason.hasPrefix("应以"):
            field.report("网址\(problem.reason)", hint: "例如 \(BaseURL.example)")
            return nil
        case .failure(let problem):
            field.report("网址「\(text)」\(problem.reason)", hint: "只写协议、主机名（可带端口）和路径，例如 \(BaseURL.example)")
            return nil
        }
    }

    /// An http(s) address with a host, ending in `/` so page paths can be appended; nil if it is not one.
    public static func normalizedBaseURL(_ text: String) -> String? {
        try? BaseURL.normalized(text).get()
    }
}

/// 监督方式: label → value lines, labels kept as written.
enum ContactsReader {
    static func read(_ field: YAMLField) -> [Contact]? {
        guard let pairs = field.pairs() else { return nil }
        let contacts = pairs.compactMap { key, value -> Contact? in
            guard let label = key.text(), let text = value.text() else { return nil }
            return Contact(label: label, value: text)
        }
        return contacts.count == pairs.count ? contacts : nil
    }
}
