import Foundation
import GongkaiModel
import ZIPFoundation

/// The catalogue as the Word document a station keeps: the station's name and title, the index table
/// (序号 | 主要职责 | 职责事项: 序号 · 名称 · 页码, duty cells merged down, 页码 a PAGEREF field Word and
/// LibreOffice fill in), then each matter's 信息表 on a page of its own, its title a paragraph above it.
/// WordprocessingML written as text into a zip made by ZIPFoundation.
package enum DocxExport {
    package static func data(_ catalogue: Catalogue) throws -> Data {
        var files: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelations),
            ("word/_rels/document.xml.rels", documentRelations),
            ("word/settings.xml", settings),
            ("word/styles.xml", styles),
        ]
        files.append(("word/document.xml", document(catalogue)))
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                (position: Int64, size: Int) in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func document(_ catalogue: Catalogue) -> String {
        var body = paragraph(catalogue.site.name, style: "Title") + paragraph(catalogue.site.title, style: "Subtitle")
        body += InfoTableText.siteLines(catalogue.site).map { paragraph($0) }.joined()
        body += indexTable(catalogue)
        for matter in catalogue.matters {
            body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            body += "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:bookmarkStart w:id=\"\(bookmarkID(matter, catalogue))\" "
                + "w:name=\"\(bookmark(matter.number))\"/><w:r><w:t>\(escaped(matter.name))信息表</w:t></w:r>"
                + "<w:bookmarkEnd w:id=\"\(bookmarkID(matter, catalogue))\"/></w:p>"
            body += table(widths: [1800, 7200], rows: InfoTableText.rows(matter).map { row in
                [cell(1800, [row.label]), cell(7200, row.paragraphs)]
            })
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)\
            <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" \
            w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>
            """
    }

    /// 序号 | 主要职责 | 职责事项 (序号 · 名称 · 页码), as the paper catalogue's index.
    static func indexTable(_ catalogue: Catalogue) -> String {
        let widths = [900, 3000, 900, 3300, 900]
        var rows = [
            [cell(900, ["序号"], merge: "restart"), cell(3000, ["主要职责"], merge: "restart"), cell(5100, ["职责事项"], span: 3)],
            [cell(900, [], merge: "continue"), cell(3000, [], merge: "continue"), cell(900, ["序号"]), cell(3300, ["名称"]), cell(900, ["页码"])],
        ]
        for (duty, indices) in catalogue.matterIndicesByDuty {
            for (position, index) in indices.enumerated() {
                let matter = catalogue.matters[index]
                let merge = indices.count > 1 ? (position == 0 ? "restart" : "continue") : nil
                rows.append([
                    cell(900, position == 0 ? [duty.number] : [], merge: merge),
                    cell(3000, position == 0 ? [duty.name] : [], merge: merge),
                    cell(900, [matter.number]), cell(3300, [matter.name]),
                    "<w:tc><w:tcPr><w:tcW w:w=\"900\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                        + "<w:r><w:instrText xml:space=\"preserve\"> PAGEREF \(bookmark(matter.number)) \\h </w:instrText></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t></w:t></w:r>"
                        + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>",
                ])
            }
        }
        return table(widths: widths, rows: rows)
    }

    static func bookmark(_ number: String) -> String { "matter_" + number.replacingOccurrences(of: ".", with: "_") }

    static func bookmarkID(_ matter: Matter, _ catalogue: Catalogue) -> Int {
        (catalogue.matters.firstIndex { $0.number == matter.number } ?? 0) + 1
    }

    static func table(widths: [Int], rows: [[String]]) -> String {
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>"
            + "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"].map {
                "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            }.joined() + "</w:tblBorders></w:tblPr><w:tblGrid>"
            + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
            + rows.map { "<w:tr>" + $0.joined() + "</w:tr>" }.joined() + "</w:tbl>"
    }

    static func cell(_ width: Int, _ paragraphs: [String], merge: String? = nil, span: Int = 1) -> String {
        var properties = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
        if let merge { properties += merge == "restart" ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>" }
        let content = paragraphs.isEmpty ? "<w:p/>" : paragraphs.map { paragraph($0) }.joined()
        return "<w:tc><w:tcPr>\(properties)</w:tcPr>\(content)</w:tc>"
    }

    static func paragraph(_ text: String, style: String? = nil) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)<w:r><w:t xml:space=\"preserve\">\(escaped(text))</w:t></w:r></w:p>"
    }

    /// Text for XML character data and attribute values; characters XML 1.0 cannot hold are dropped
    /// (content screening refuses them already).
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        </Types>
        """

    static let packageRelations = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    static let documentRelations = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        </Relationships>
        """

    /// Fields (the index's 页码) are brought up to date when the document is opened.
    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/></w:settings>
        """

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="SimSun" w:eastAsia="SimSun" w:hAnsi="SimSun"/>\
        <w:sz w:val="21"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>\
        </w:styles>
        """
}
