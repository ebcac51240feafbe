import GongkaiModel
import MustacheTemplates

/// What a matter's printed 信息表 shows, as template data: the fields in the order of the paper 信息表
/// (`MatterSchema.fields`), then the optional 办事指南 rows and the body — the matter page's `MatterContext.infoTable`, so paper and screen word
/// everything alike — without the page's interactive parts, which paper cannot use.
struct SheetContext {
    let matter: Matter
    let labels: [String: String]
    let markdown: MarkdownHTML

    /// The id the 目录 links to; `target-counter` reads the page number of this anchor.
    var anchor: String { Self.anchor(matter.number) }

    static func anchor(_ number: String) -> String { "matter-\(number)" }

    var value: ContextObject {
        var value = MatterContext.infoTable(matter, labels: labels, markdown: markdown)
        value["anchor"] = anchor
        return value
    }
}
