import GongkaiModel

/// Reads one content/policies/*.md file into a `Policy`.
struct PolicyLoader {
    static let keys = ["标题", "排序", "语言"]
    let log: ProblemLog

    func load(_ source: SourceFile, slug: String) -> Policy? {
        guard Self.isValidSlug(slug) else {
            log.add(source.diagnostic(
                line: 1, column: 1, field: "", message: "文件名「\(slug).md」不能用作网址",
                hint: "规章制度的文件名只用小写字母、数字和“-”，例如 jiuye-yuanzhu.md"))
            return nil
        }
        // The slug names the policy's page folder; the .md file's own name may be longer than a folder's may.
        guard slug.utf8.count <= ContentLimits.nameBytes else {
            log.add(source.diagnostic(
                line: 1, column: 1, field: "",
                message: "文件名「\(slug).md」太长：\(slug.utf8.count) 字节，最多 \(ContentLimits.nameBytes) 字节（不含 .md）",
                hint: "规章制度的文件名用作网址，取短一些，例如 jiuye-yuanzhu.md"))
            return nil
        }
        guard let (root, body) = YAMLText.frontMatter(of: source, log: log),
              let record = root.record(known: Self.keys, required: ["标题"]) else { return nil }
        let title = record.text("标题")
        var order: Int?
        if let orderField = record["排序"], let text = orderField.text() {
            let range = ContentLimits.policyOrder
            order = Int(text)
            if order == nil {
                orderField.report("排序应为整数，这里是「\(text)」", hint: "例如 排序: 1")
            } else if let value = order, !range.contains(value) {
                orderField.report(
                    "排序「\(text)」超出范围", hint: "排序应为 \(range.lowerBound)—\(range.upperBound) 的整数，例如 排序: 1")
                order = nil
            }
        }
        guard let title, record["排序"] == nil || order != nil else { return nil }
        return Policy(
            slug: slug, title: title, order: order, language: record.optionalText("语言"), body: body.trimmingWhitespace)
    }

    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.first != "-"
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
