import GongkaiModel
import MustacheTemplates

/// The print catalogue's data: a cover, the 目录 laid out like the paper catalogue's index —
/// 序号 | 主要职责 | 职责事项 (序号, 名称) | 页码 — and one 信息表 per matter.
///
/// The same template makes the whole catalogue (print/index.html, for screens and for a PDF made in one
/// piece) and each part `gongkai pdf` lays out on its own (`PrintBook`): the front (cover, 目录) and a few
/// 信息表 at a time. In the whole catalogue the 目录's page numbers come from WeasyPrint
/// (`target-counter(attr(href), page)`); in the front part they are written in (`page`), counted from the
/// parts as they came out on paper.
struct CatalogueContext {
    let catalogue: Catalogue
    let labels: [String: String]
    let markdown: MarkdownHTML

    /// The whole catalogue.
    var value: ContextObject {
        part(cover: true, tocRows: 0..<tocRowCount, tocTitle: true, sheets: catalogue.matters.indices, pages: nil, isPart: false)
    }

    /// - Parameters:
    ///   - tocRows: which rows of the 目录 (empty: no 目录); `tocTitle` whether its heading comes first.
    ///   - sheets: which matters' 信息表, by position in the catalogue.
    ///   - pages: the page on which each matter's 信息表 begins, by its anchor; nil: WeasyPrint counts them.
    ///   - isPart: a part of the PDF, whose running header and page numbers come from the running document.
    func part(
        cover: Bool, tocRows: Range<Int>, tocTitle: Bool, sheets: Range<Int>, pages: [String: Int]?, isPart: Bool
    ) -> ContextObject {
        [
            "matterCount": catalogue.matters.count,
            "cover": cover,
            "toc": !tocRows.isEmpty,
            "tocTitle": tocTitle && !tocRows.isEmpty,
            "tocRows": rows(tocRows, pages: pages),
            "part": isPart,
            "sheets": LazyList(count: sheets.count) { [catalogue, labels, markdown] in
                SheetContext(matter: catalogue.matters[sheets.lowerBound + $0], labels: labels, markdown: markdown).value
            },
        ]
    }

    /// One row per matter, and one for each duty without matters, so no duty goes missing.
    var tocRowCount: Int { catalogue.matterIndicesByDuty.reduce(0) { $0 + max($1.indices.count, 1) } }

    /// The anchor of each 目录 row's matter (nil for a duty without matters), in row order.
    var tocRowAnchors: [String?] {
        catalogue.matterIndicesByDuty.flatMap { _, indices -> [String?] in
            indices.isEmpty ? [nil] : indices.map { SheetContext.anchor(catalogue.matters[$0].number) }
        }
    }

    /// The rows in `range`, the duty's cells spanning its matters' rows within them (as in the paper index,
    /// where 4.2 sits under 4 without repeating it); a part that begins inside a duty repeats its cells.
    func rows(_ range: Range<Int>, pages: [String: Int]?) -> [ContextObject] {
        var rows: [ContextObject] = []
        var position = 0
        for (duty, indices) in catalogue.matterIndicesByDuty {
            let dutyRows = position..<(position + max(indices.count, 1))
            position = dutyRows.upperBound
            let shown = dutyRows.clamped(to: range)
            guard !shown.isEmpty else { continue }
            let dutyCells: ContextObject = ["dutyNumber": duty.number, "dutyName": duty.name, "dutyRowSpan": shown.count]
            guard !indices.isEmpty else {
                rows.append(dutyCells.merging(["firstOfDuty": true, "hasMatter": false]))
                continue
            }
            for row in shown {
                let number = catalogue.matters[indices[row - dutyRows.lowerBound]].number
                let anchor = SheetContext.anchor(number)
                var cells = dutyCells.merging([
                    "firstOfDuty": row == shown.lowerBound, "hasMatter": true, "matterNumber": number,
                    "matterName": catalogue.matters[indices[row - dutyRows.lowerBound]].name, "anchor": anchor,
                ])
                if let page = pages?[anchor] { cells = cells.merging(["page": page]) }
                rows.append(cells)
            }
        }
        return rows
    }
}
