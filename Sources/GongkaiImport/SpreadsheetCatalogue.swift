import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GongkaiContent
import GongkaiModel
import ZIPFoundation

/// A sheet as rows of cell texts, whatever file it came from: an Excel workbook's first sheet (merged cells
/// filled with the merged value) or a CSV file.
package struct Sheet {
    package var name: String
    package var rows: [[String]]
}

extension RawCatalogue {
    /// The catalogue of a 清单: a header row of 信息表 labels, then one row per matter. 主要职责 may hold
    /// the duty's name (its number is the matter's 序号 before the last dot) or "序号 名称".
    package init(sheet: Sheet, file: String) throws(ImportProblem) {
        guard let headerIndex = sheet.rows.firstIndex(where: { row in
            let labels = row.map(Self.normalizedLabel)
            return labels.contains(MatterField.number.key) && labels.contains(MatterField.name.key)
        }) else {
            throw ImportProblem(
                file: file, place: "工作表「\(sheet.name)」", message: "没有找到表头（含 序号 和 名称 的一行）",
                hint: "第一行写信息表的标签：序号、主要职责、名称、法定依据……，下面每行一个事项")
        }
        // A title above the header (「天津市……公开服务内容」, often merged across): the station's name.
        heading = sheet.rows[..<headerIndex].compactMap { row in
            let texts = Set(row.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            return texts.count == 1 ? texts.first : nil
        }
        let labels = sheet.rows[headerIndex].map(Self.normalizedLabel)
        for (offset, row) in sheet.rows.enumerated().dropFirst(headerIndex + 1) {
            let line = offset + 1
            guard row.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            var rows: [Row] = []
            for (column, label) in labels.enumerated() where !label.isEmpty {
                let value = column < row.count ? row[column] : ""
                let paragraphs = value.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                rows.append(Row(label: label, paragraphs: paragraphs, place: "工作表「\(sheet.name)」第 \(line) 行"))
            }
            let number = rows.first { $0.label == MatterField.number.key }?.paragraphs.first ?? ""
            if let dutyCell = rows.first(where: { $0.label == MatterField.duty.key })?.paragraphs.joined() {
                readDuty(dutyCell, of: number)
            }
            matters.append(Matter(rows: rows, place: "工作表「\(sheet.name)」第 \(line) 行"))
        }
        guard !matters.isEmpty else {
            throw ImportProblem(file: file, place: "工作表「\(sheet.name)」", message: "表头下面没有事项",
                                hint: "表头下面每行写一个事项")
        }
    }

    /// A second sheet of materials — a header with 序号 and 材料, then a row per material (形式, 份数, 来源, 说明
    /// where given) — as `DocumentLines` material lines by matter.
    package mutating func readMaterials(_ sheet: Sheet) {
        guard let headerIndex = sheet.rows.firstIndex(where: { row in
            let labels = row.map(Self.normalizedLabel)
            return labels.contains(MatterField.number.key) && labels.contains("材料")
        }) else { return }
        let labels = sheet.rows[headerIndex].map(Self.normalizedLabel)
        func column(_ label: String) -> Int? { labels.firstIndex(of: label) }
        guard let numberColumn = column(MatterField.number.key), let nameColumn = column("材料") else { return }
        for (offset, row) in sheet.rows.enumerated().dropFirst(headerIndex + 1) {
            let cell = { (index: Int?) in index.flatMap { $0 < row.count ? row[$0].trimmingCharacters(in: .whitespacesAndNewlines) : nil } ?? "" }
            let number = cell(numberColumn), name = cell(nameColumn)
            guard !number.isEmpty, !name.isEmpty else { continue }
            var line = name
            for label in ["形式", "份数", "来源", "说明"] where !cell(column(label)).isEmpty {
                line += "｜\(label)：\(cell(column(label)))"
            }
            materialLines[number, default: []].append((line, "工作表「\(sheet.name)」第 \(offset + 1) 行", cell(column("条件"))))
        }
    }

    /// 主要职责 written as "2 开展基层就业援助服务", "2", or the name alone.
    private mutating func readDuty(_ cell: String, of matter: String) {
        let parts = cell.split(maxSplits: 1, whereSeparator: \.isWhitespace).map(String.init)
        let written = NumberFormat.isValid(parts.first ?? "")
        let number = written ? parts[0] : matter.split(separator: ".").dropLast().joined(separator: ".")
        let name = written ? (parts.count > 1 ? parts[1] : "") : cell
        guard !number.isEmpty else { return }
        dutyOfMatter[matter] = number
        if !duties.contains(where: { $0.number == number }), !name.isEmpty {
            duties.append(Duty(number: number, name: name))
        }
    }
}

/// An Excel workbook's first sheet, read through its XML: shared strings, inline strings and numbers as
/// written, merged ranges filled.
enum WorkbookReader {
    /// The workbook's sheets in order (at most the first eight: a 清单 has one or two).
    static func sheets(_ archive: Archive, file: String) throws(ImportProblem) -> [Sheet] {
        let workbook = try xml(archive, "xl/workbook.xml", file: file)
        let relations = try xml(archive, "xl/_rels/workbook.xml.rels", file: file)
        let strings = (try? xml(archive, "xl/sharedStrings.xml", file: file))?.sharedStrings ?? []
        var sheets: [Sheet] = []
        for sheet in workbook.elements("sheet").prefix(8) {
            guard let id = sheet["r:id"],
                  var target = relations.elements("Relationship").first(where: { $0["Id"] == id })?["Target"] else { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            sheets.append(Sheet(name: sheet["name"] ?? "Sheet\(sheets.count + 1)", rows: try xml(archive, target, file: file).grid(strings: strings)))
        }
        guard !sheets.isEmpty else {
            throw ImportProblem(file: file, message: "Excel 工作簿里没有工作表", hint: ImportProblem.fileHint)
        }
        return sheets
    }

    static func xml(_ archive: Archive, _ path: String, file: String) throws(ImportProblem) -> XMLTree {
        guard let data = try archive.boundedContents(of: path, file: file) else {
            throw ImportProblem(file: file, message: "Excel 工作簿缺少 \(path)", hint: ImportProblem.fileHint)
        }
        guard let tree = XMLTree(data) else {
            throw ImportProblem(file: file, message: "Excel 工作簿的 \(path) 无法读取", hint: ImportProblem.fileHint)
        }
        return tree
    }
}

/// The few elements of a sheet's XML that import needs, in document order, with their attributes and text.
struct XMLTree {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// Index of the enclosing element, -1 at the top.
        var parent: Int
        subscript(key: String) -> String? { attributes[key] }
    }

    var elements: [Element] = []

    init?(_ data: Data) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse(), reader.error == nil else { return nil }
        elements = reader.elements
    }

    func elements(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// sharedStrings.xml: each `si`'s text, its rich-text runs joined.
    var sharedStrings: [String] {
        var strings: [String] = []
        var current: Int?
        for (index, element) in elements.enumerated() {
            if element.name == "si" {
                strings.append("")
                current = index
            } else if element.name == "t", current != nil, isInside(index, current!), !isInside(index, named: "rPh") {
                strings[strings.count - 1] += element.text
            }
        }
        return strings
    }

    private func isInside(_ index: Int, _ ancestor: Int) -> Bool {
        var parent = elements[index].parent
        while parent >= 0 {
            if parent == ancestor { return true }
            parent = elements[parent].parent
        }
        return false
    }

    /// Inside an element of this name (phonetic runs, `rPh`, are not the cell's text).
    private func isInside(_ index: Int, named name: String) -> Bool {
        var parent = elements[index].parent
        while parent >= 0 {
            if elements[parent].name == name { return true }
            parent = elements[parent].parent
        }
        return false
    }

    /// A worksheet's cells as rows of text, by their references (A1 …), merged ranges filled.
    func grid(strings: [String]) -> [[String]] {
        var cells: [Int: [Int: String]] = [:]
        var maxRow = 0, maxColumn = 0
        for (index, element) in elements.enumerated() where element.name == "c" {
            guard let reference = element["r"], let (row, column) = Self.position(reference) else { continue }
            let children = elements.indices.dropFirst(index + 1).prefix { elements[$0].parent >= index }
            let value = children.first { elements[$0].name == "v" && elements[$0].parent == index }.map { elements[$0].text }
            let text: String
            switch element["t"] {
            case "s": text = value.flatMap(Int.init).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
            case "inlineStr": text = children.filter { elements[$0].name == "t" }.map { elements[$0].text }.joined()
            default: text = value ?? ""
            }
            cells[row, default: [:]][column] = text
            maxRow = max(maxRow, row)
            maxColumn = max(maxColumn, column)
        }
        for merge in self.elements("mergeCell") {
            guard let range = merge["ref"], let colon = range.firstIndex(of: ":"),
                  let (top, left) = Self.position(String(range[..<colon])),
                  let (bottom, right) = Self.position(String(range[range.index(after: colon)...])),
                  bottom - top <= 10_000, right - left <= 1_000 else { continue }
            let value = cells[top]?[left] ?? ""
            for row in top...bottom { for column in left...right { cells[row, default: [:]][column] = value } }
            maxRow = max(maxRow, bottom)
            maxColumn = max(maxColumn, right)
        }
        guard maxRow <= 100_000, maxColumn <= 1_000 else { return [] }
        return (0...maxRow).map { row in (0...maxColumn).map { cells[row]?[$0] ?? "" } }
    }

    /// "B7" → (6, 1), counted from 0.
    static func position(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, sawDigit = false
        for scalar in reference.unicodeScalars {
            if scalar.value >= 65, scalar.value <= 90, !sawDigit {
                column = column * 26 + Int(scalar.value - 64)
            } else if scalar.value >= 48, scalar.value <= 57 {
                sawDigit = true
                row = row * 10 + Int(scalar.value - 48)
            } else {
                return nil
            }
            if row > 1_000_000 || column > 16_384 { return nil }
        }
        guard column > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var error: (any Error)?
        private var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            guard ["sheet", "Relationship", "si", "t", "rPh", "c", "v", "is", "mergeCell"].contains(local) else {
                open.append(-2)
                return
            }
            elements.append(Element(name: local, attributes: attributes, parent: open.last(where: { $0 >= 0 }) ?? -1))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = open.last, current >= 0, ["t", "v"].contains(elements[current].name) {
                elements[current].text += string
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = open.popLast()
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if error == nil { error = parseError }
        }
    }
}

/// A CSV file (RFC 4180: quoted fields may hold commas, quotes doubled and line breaks), UTF-8 with or
/// without a byte-order mark.
enum CSVReader {
    static func sheet(_ data: Data, name: String, file: String) throws(ImportProblem) -> Sheet {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ImportProblem(file: file, message: "CSV 文件不是 UTF-8 编码",
                                hint: "在 Excel 里“另存为”，选“CSV UTF-8（逗号分隔）”")
        }
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
                        field.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return Sheet(name: name, rows: rows.map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } })
    }
}
