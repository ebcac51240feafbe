import GongkaiModel
import MustacheTemplates

/// The print catalogue (print/index.html): a cover, the 目录 laid out like the paper catalogue's index —
/// 序号 | 主要职责 | 职责事项 (序号, 名称) | 页码 — and one 信息表 per matter. Page numbers are not known here;
/// WeasyPrint fills them in from the links (`target-counter(attr(href), page)`), so they are right however
/// long each 信息表 turns out on paper.
struct CatalogueContext {
    let catalogue: Catalogue
    let labels: [String: String]
    let markdown: MarkdownHTML

    var value: ContextObject {
        [
            "matterCount": catalogue.matters.count,
            "tocRows": tocRows,
            "sheets": LazyList(count: catalogue.matters.count) { [catalogue, labels, markdown] in
                SheetContext(matter: catalogue.matters[$0], labels: labels, markdown: markdown).value
            },
        ]
    }

    /// One row per matter, the duty's cells spanning its matters' rows (as in the paper index, where 4.2 sits
    /// under 4 without repeating it); a duty without matters still gets a row, so no duty goes missing.
    var tocRows: [ContextObject] {
        catalogue.matterIndicesByDuty.flatMap { duty, indices -> [ContextObject] in
            let dutyCells: ContextObject = [
                "dutyNumber": duty.number, "dutyName": duty.name, "dutyRowSpan": max(indices.count, 1),
            ]
            guard !indices.isEmpty else {
                return [dutyCells.merging(["firstOfDuty": true, "hasMatter": false])]
            }
            return indices.enumerated().map { row, index in
                let number = catalogue.matters[index].number
                return dutyCells.merging([
                    "firstOfDuty": row == 0, "hasMatter": true, "matterNumber": number,
                    "matterName": catalogue.matters[index].name, "anchor": SheetContext.anchor(number),
                ])
            }
        }
    }
}
