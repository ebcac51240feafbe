import GongkaiContent
import GongkaiModel

/// A catalogue as a document lays it out, before its text is read as fields: the heading paragraphs, the
/// index of 主要职责 and their matters, and each matter's 信息表 as (label, paragraphs) rows.
package struct RawCatalogue {
    package struct Row {
        /// The label as the schema spells it (spaces and full-width spaces dropped, a trailing colon too).
        package var label: String
        package var paragraphs: [String]
        /// Where it was: `表 3 第 5 行`.
        package var place: String
    }

    package struct Matter {
        package var rows: [Row]
        package var place: String
    }

    /// Paragraphs before the first table: the station's name, the title.
    package var heading: [String] = []
    package var duties: [Duty] = []
    /// 主要职责 of each matter's 序号, from the index.
    package var dutyOfMatter: [String: String] = [:]
    package var matters: [Matter] = []
    /// Materials from a 清单's second sheet, by matter: `DocumentLines` lines, where each was, and a
    /// condition written in words (not read: the report asks for it as 条件).
    package var materialLines: [String: [(line: String, place: String, condition: String)]] = [:]
}

extension RawCatalogue {
    /// The catalogue of a Word document: its index table (序号 | 主要职责 | 职责事项 序号 · 名称 · 页码) and
    /// every 信息表 table (label cell | value cell), whatever their order.
    package init(word document: WordDocument, file: String) throws(ImportProblem) {
        var tableNumber = 0
        var sawTable = false
        for block in document.blocks {
            switch block {
            case .paragraph(let text):
                if !sawTable, !text.isEmpty { heading.append(contentsOf: text.split(separator: "\n").map(String.init)) }
            case .table(let table):
                sawTable = true
                tableNumber += 1
                let grid = table.grid
                if Self.isIndex(grid) {
                    readIndex(grid)
                } else if let matter = Self.infoTable(grid, table: tableNumber) {
                    matters.append(matter)
                }
            }
        }
        guard !matters.isEmpty else {
            throw ImportProblem(
                file: file, message: "文档里没有找到信息表",
                hint: "信息表是两列的表格：左列是 序号、名称、法定依据…… 这些标签，右列是内容")
        }
    }

    static func normalizedLabel(_ text: String) -> String {
        var label = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        while let last = label.last, last == ":" || last == "：" { label.removeLast() }
        return label
    }

    private static func text(_ cell: WordCell?) -> String {
        cell.map { $0.paragraphs.joined(separator: "\n") } ?? ""
    }

    /// The index: a header row holding 序号 and 主要职责.
    static func isIndex(_ grid: [[WordCell]]) -> Bool {
        guard let header = grid.first else { return false }
        let labels = header.map { normalizedLabel(text($0)) }
        return labels.contains("序号") && labels.contains("主要职责")
    }

    /// Rows of 序号 | 主要职责 | 序号 | 名称 | 页码, merged duty cells carried down; header rows skipped.
    private mutating func readIndex(_ grid: [[WordCell]]) {
        for row in grid where row.count >= 4 {
            let cells = row.map { Self.text($0).trimmingCharacters(in: .whitespaces) }
            guard NumberFormat.isValid(cells[0]), NumberFormat.isValid(cells[2]) else { continue }
            if !duties.contains(where: { $0.number == cells[0] }) {
                duties.append(Duty(number: cells[0], name: cells[1].replacingOccurrences(of: "\n", with: "")))
            }
            dutyOfMatter[cells[2]] = cells[0]
        }
    }

    /// A 信息表: rows whose first cell is a label of the schema, 序号 or 名称 among them. A first row of
    /// one merged cell (the table's title, 「…信息表」) is not a field.
    static func infoTable(_ grid: [[WordCell]], table: Int) -> Matter? {
        let known = Set(MatterSchema.keys)
        var rows: [Row] = []
        for (index, row) in grid.enumerated() {
            guard let first = row.first else { continue }
            let label = normalizedLabel(text(first))
            let values = row.dropFirst().filter { !$0.paragraphs.isEmpty }
            if values.isEmpty, label.hasSuffix("信息表") { continue }
            guard !label.isEmpty else { continue }
            var paragraphs: [String] = []
            for cell in values where !(paragraphs.count > 0 && cell.paragraphs == Array(paragraphs.suffix(cell.paragraphs.count))) {
                paragraphs += cell.paragraphs
            }
            rows.append(Row(label: label, paragraphs: paragraphs, place: ImportProblem.place(table: table, row: index + 1)))
        }
        let labels = Set(rows.map(\.label))
        guard labels.contains("序号") || labels.contains("名称"), labels.intersection(known).count >= 3 else { return nil }
        return Matter(rows: rows, place: "表 \(table)")
    }
}
