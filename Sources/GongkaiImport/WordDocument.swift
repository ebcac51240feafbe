import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// A Word (.docx) document's body as import reads it: paragraphs and tables in order, each cell's text as
/// its paragraphs. The zip container is ZIPFoundation's, the XML Foundation's `XMLParser`.
package struct WordDocument {
    package enum Block {
        case paragraph(String)
        case table(WordTable)
    }

    package var blocks: [Block] = []

    /// The largest document.xml read: a catalogue of hundreds of matters is a few megabytes.
    static let maxXMLBytes = 64 << 20

    package init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// Reads `word/document.xml` of an opened .docx.
    package init(archive: Archive, file: String) throws(ImportProblem) {
        guard let xml = try archive.boundedContents(of: "word/document.xml", file: file) else {
            throw ImportProblem(file: file, message: "不是 Word 文档：里面没有 word/document.xml", hint: ImportProblem.fileHint)
        }
        // Numbering is optional: a document without lists has none, and a broken one only costs the labels.
        let numbering = ((try? archive.boundedContents(of: "word/numbering.xml", file: file)) ?? nil)
            .flatMap(WordNumbering.init) ?? WordNumbering()
        let reader = BodyReader(numbering: numbering)
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = false
        parser.delegate = reader
        // libxml2 recovers from some errors and still reports success; the delegate hears of every one.
        guard parser.parse(), reader.error == nil else {
            let reason = (reader.error ?? parser.parserError).map { "\($0.localizedDescription)" } ?? "XML 格式错误"
            throw ImportProblem(file: file, message: "Word 文档的正文无法读取（第 \(parser.lineNumber) 行：\(reason)）", hint: ImportProblem.fileHint)
        }
        blocks = reader.blocks
    }
}

package struct WordTable {
    package var rows: [[WordCell]] = []

    /// The rows with each cell at its grid column: a cell spanning n columns is followed by n − 1 empty
    /// ones, and a cell that continues a vertical merge takes the text of the cell above it.
    package var grid: [[WordCell]] {
        var result: [[WordCell]] = []
        for row in rows {
            var expanded: [WordCell] = []
            for cell in row {
                var cell = cell
                if cell.continuesMerge, let above = result.last, expanded.count < above.count {
                    cell.paragraphs = above[expanded.count].paragraphs
                }
                expanded.append(cell)
                for _ in 1..<max(cell.span, 1) { expanded.append(WordCell(paragraphs: [], continuesMerge: false, span: 1)) }
            }
            result.append(expanded)
        }
        return result
    }
}

package struct WordCell {
    /// The cell's paragraphs (a soft line break starts a new one), whitespace at their ends trimmed,
    /// empty ones left out.
    package var paragraphs: [String]
    /// `w:vMerge` without "restart": the cell continues the merged cell above it.
    package var continuesMerge: Bool
    /// `w:gridSpan`: grid columns the cell covers.
    package var span: Int
}

/// Collects the body's paragraphs and tables from the XML events. Tables inside a cell are read as the
/// cell's paragraphs: a 信息表 value does not hold a table of its own.
private final class BodyReader: NSObject, XMLParserDelegate {
    init(numbering: WordNumbering) {
        self.numbering = numbering
    }

    var blocks: [WordDocument.Block] = []
    private(set) var error: (any Error)?
    private var numbering: WordNumbering
    /// The paragraph's automatic numbering (`w:numPr`): its list and level.
    private var numID: String?
    private var numLevel = 0
    private var tables: [WordTable] = []
    private var row: [WordCell]?
    private var cell: WordCell?
    private var paragraph: String?
    private var inText = false
    /// Inside `w:pPr`, whose `w:tab` elements are tab stops, not text.
    private var inProperties = false
    /// Depth of tables inside the outermost one (0: in the outermost table).
    private var nestedTables = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "w:tbl":
            if tables.isEmpty { tables.append(WordTable()) } else { nestedTables += 1 }
        case "w:tr" where nestedTables == 0 && !tables.isEmpty:
            row = []
        case "w:tc" where nestedTables == 0 && !tables.isEmpty:
            cell = WordCell(paragraphs: [], continuesMerge: false, span: 1)
        case "w:vMerge" where nestedTables == 0:
            if cell != nil { cell!.continuesMerge = attributes["w:val"].map { $0 == "continue" } ?? true }
        case "w:gridSpan" where nestedTables == 0:
            if cell != nil { cell!.span = attributes["w:val"].flatMap(Int.init).map { min(max($0, 1), 64) } ?? 1 }
        case "w:p":
            if paragraph == nil { paragraph = "" }
            numID = nil
            numLevel = 0
        case "w:numId" where inProperties:
            numID = attributes["w:val"]
        case "w:ilvl" where inProperties:
            numLevel = attributes["w:val"].flatMap(Int.init).map { min(max($0, 0), 8) } ?? 0
        case "w:t":
            inText = true
        case "w:br", "w:cr":
            if paragraph != nil { paragraph! += "\n" }
        case "w:pPr":
            inProperties = true
        case "w:tab":
            if paragraph != nil, !inProperties { paragraph! += " " }
        default:
            break
        }
    }


    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil { error = parseError }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText, paragraph != nil { paragraph! += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "w:t":
            inText = false
        case "w:pPr":
            inProperties = false
        case "w:p":
            guard var text = paragraph else { return }
            paragraph = nil
            if let numID, let label = numbering.label(numID: numID, level: numLevel) { text = label + text }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cell != nil {
                cell!.paragraphs += lines.filter { !$0.isEmpty }
            } else if tables.isEmpty {
                blocks.append(.paragraph(lines.joined(separator: "\n")))
            }
        case "w:tc" where nestedTables == 0:
            if let finished = cell { row?.append(finished) }
            cell = nil
        case "w:tr" where nestedTables == 0:
            if let finished = row, !tables.isEmpty { tables[0].rows.append(finished) }
            row = nil
        case "w:tbl":
            if nestedTables > 0 {
                nestedTables -= 1
            } else if let table = tables.popLast() {
                blocks.append(.table(table))
            }
        default:
            break
        }
    }
}
