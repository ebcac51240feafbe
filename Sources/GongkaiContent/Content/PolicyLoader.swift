import Foundation
import GongkaiModel

/// Reads one content/policies/*.md file into a `Policy`. Its address (the slug) is the file's name when
/// that is one (a-z, 0-9, "-"); otherwise the `网址名` the file gives, or the name's pinyin (首问负责制度.md →
/// shou-wen-fu-ze-zhi-du), which is the same from build to build.
struct PolicyLoader {
    static let keys = ["标题", "排序", "语言", "网址名"]
    let log: ProblemLog

    func load(_ source: SourceFile, slug fileName: String) -> Policy? {
        guard let (root, body) = YAMLText.frontMatter(of: source, log: log),
              let record = root.record(known: Self.keys, required: ["标题"]) else { return nil }
        let slug: String
        if let field = record["网址名"] {
            guard let written = field.text() else { return nil }
            guard Self.isValidSlug(written) else {
                field.report("网址名「\(written)」不能用作网址", hint: "只用小写字母、数字和“-”，例如 网址名: shouwen-fuze")
                return nil
            }
            slug = written
        } else if Self.isValidSlug(fileName) {
            slug = fileName
        } else {
            slug = Self.pinyin(fileName)
            guard Self.isValidSlug(slug) else {
                log.add(source.diagnostic(
                    line: 1, column: 1, field: "", message: "文件名「\(fileName).md」变不成网址",
                    hint: "在字段区写 网址名（小写字母、数字和“-”），例如 网址名: shouwen-fuze"))
                return nil
            }
        }
        // The slug names the policy's page folder; the .md file's own name may be longer than a folder's may.
        guard slug.utf8.count <= ContentLimits.nameBytes else {
            let what = slug == fileName ? "文件名「\(slug).md」" : "网址「\(slug)」"
            log.add(source.diagnostic(
                line: 1, column: 1, field: "",
                message: "\(what)太长：\(slug.utf8.count) 字节，最多 \(ContentLimits.nameBytes) 字节（不含 .md）",
                hint: "规章制度的文件名用作网址，取短一些，例如 jiuye-yuanzhu.md（或写 网址名）"))
            return nil
        }
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

    /// A name's pinyin as an address: ICU's Han-Latin transform (through Foundation), tone marks and
    /// anything not a-z or 0-9 dropped, words joined by "-".
    static func pinyin(_ name: String) -> String {
        let latin = name.applyingTransform(StringTransform("Han-Latin; Latin-ASCII"), reverse: false) ?? name
        let words = latin.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
        return words.joined(separator: "-")
    }

    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.first != "-"
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
