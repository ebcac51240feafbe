import Foundation
import Testing
import ZIPFoundation
@testable import GongkaiImport

/// `gongkai import` on seed 000 as a Word document (and variants of it made here): the imported folder
/// builds, and every sentence and item of the seed is on the matter pages; bad files stop with a clear
/// message and nothing written.
@Suite struct ImportTests {
    static let fixture = TestSupport.fixtures.appending(path: "import/dagu-catalogue.docx")

    /// The fixture's document.xml, to make variants of.
    static let documentXML: String = {
        let archive = try! Archive(url: fixture, accessMode: .read)
        var data = Data()
        _ = try! archive.extract(archive["word/document.xml"]!) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }()

    /// A copy of the fixture with its document.xml replaced.
    static func docx(_ xml: String, name: String = "variant.docx") throws -> URL {
        let folder = TestSupport.temporaryFolder("docx")
        let url = folder.appending(path: name)
        let source = try Archive(url: fixture, accessMode: .read)
        let target = try Archive(url: url, accessMode: .create)
        for entry in source where entry.type == .file {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            if entry.path == "word/document.xml" { data = Data(xml.utf8) }
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                (position: Int64, size: Int) in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    static func importing(_ file: URL, baseURL: String? = "https://gongkai.example.org/dagu/") throws
        -> (content: URL, result: TestSupport.RunResult) {
        let content = TestSupport.temporaryFolder("imported").appending(path: "content")
        var arguments = ["import", file.path, "--content", content.path]
        if let baseURL { arguments += ["--base-url", baseURL] }
        return (content, try TestSupport.run(arguments))
    }

    /// Seed 000's sentences and items (the fixture of SeedTextTests) on the pages built from the import.
    static func expectSeedText(in content: URL) throws {
        let output = try TestSupport.build(content: content)
        let data = try Data(contentsOf: TestSupport.fixtures.appending(path: "seed-000-expected.json"))
        let expected = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var checked = 0
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            let html = TestSupport.read(output.appending(path: "matters/\(number)/index.html"))
            guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else {
                Issue.record("no page for \(number)")
                continue
            }
            let text = TestSupport.visibleText(String(html[start.lowerBound..<end.upperBound]))
            let entry = try #require(expected[number] as? [String: [String]])
            for sentence in (entry["prose"] ?? []) + (entry["items"] ?? []) {
                // The seed's own text, typo and all: the expected file has the corrected 需赡养 in one item.
                let wanted = sentence.filter { !$0.isWhitespace }
                #expect(text.contains(wanted) || text.contains(wanted.replacingOccurrences(of: "需赡养", with: "需风赡养")),
                        "\(number): \(sentence)")
                checked += 1
            }
        }
        #expect(checked > 80)
    }

    @Test func theWordCatalogueImportsAndBuildsWithEveryWord() throws {
        let (content, result) = try Self.importing(Self.fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("已导入 5 个事项"))
        let site = TestSupport.read(content.appending(path: "site.yaml"))
        #expect(site.contains("天津市滨海新区大沽街党群服务中心") && site.contains("开展基层就业援助服务"))
        #expect(site.contains("地址: \"天津市滨海新区远景庄园南侧大沽街道办事处\""))
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        let report = TestSupport.read(content.appending(path: "导入报告.md"))
        #expect(report.contains("2.1") && report.contains("情形"), "the prose conditions of 2.1 are pointed out")
        try Self.expectSeedText(in: content)
    }

    /// The same catalogue as an Excel 清单 (a title row, a header of 信息表 labels, 主要职责 merged down) and
    /// as CSV: the same matter files as from Word, and every word on the pages.
    @Test(arguments: ["xlsx", "csv"])
    func theSpreadsheetImportsAsTheWordDocumentDoes(_ kind: String) throws {
        let file = TestSupport.fixtures.appending(path: "import/dagu-catalogue.\(kind)")
        let content = TestSupport.temporaryFolder("imported").appending(path: "content")
        var arguments = ["import", file.path, "--content", content.path, "--base-url", "https://gongkai.example.org/dagu/"]
        if kind == "csv" { arguments += ["--name", "天津市滨海新区大沽街党群服务中心"] }
        let result = try TestSupport.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let (fromWord, word) = try Self.importing(Self.fixture)
        #expect(word.status == 0)
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            #expect(TestSupport.read(content.appending(path: "matters/\(number).md"))
                == TestSupport.read(fromWord.appending(path: "matters/\(number).md")), "\(kind) \(number)")
        }
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        try Self.expectSeedText(in: content)
    }

    /// A 清单 with a second sheet of materials: their details come from it, a condition written there in
    /// words is reported (not guessed at), and the published 运行要件 is still kept.
    @Test func aSecondSheetOfMaterialsGivesTheirDetails() throws {
        let (content, result) = try Self.importing(TestSupport.fixtures.appending(path: "import/dagu-catalogue-materials.xlsx"))
        #expect(result.status == 0, "\(result.stderr)")
        let matter = TestSupport.read(content.appending(path: "matters/3.1.md"))
        #expect(matter.contains("形式: \"原件及复印件\"") && matter.contains("来源: \"申请人\""))
        #expect(matter.contains("运行要件原文: \"身份证  灵活就业情况说明或个体经营执照\""))
        #expect(result.stdout.contains("「居住证」在工作表「材料」第 7 行写有条件「外省市户籍成年居民」"))
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        let page = TestSupport.read(try TestSupport.build(content: content).appending(path: "matters/1.1/index.html"))
        #expect(page.contains("原件"))
    }

    /// What real documents vary in: labels spaced out or with full-width spaces and colons, the title as a
    /// merged first row inside the table, values over soft line breaks.
    @Test func variantsOfTheSameDocumentImportAlike() throws {
        var xml = Self.documentXML
        xml = xml.replacingOccurrences(of: "<w:t>运行要件</w:t>", with: "<w:t>运 行 要 件</w:t>")
        xml = xml.replacingOccurrences(of: "<w:t>法定依据</w:t>", with: "<w:t>法定依据：</w:t>")
        xml = xml.replacingOccurrences(of: "<w:t>实施机构</w:t>", with: "<w:t>实\u{3000}施\u{3000}机\u{3000}构</w:t>")
        let (content, result) = try Self.importing(try Self.docx(xml))
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectSeedText(in: content)
    }

    /// The title as a merged first row inside the table (no paragraph above it), values over soft line
    /// breaks (<w:br/>) rather than paragraphs, and 责任事项 and 运行要件 numbered by Word itself
    /// (numbering.xml draws 「1.」, the text does not hold it): the same matters, the numbers kept.
    @Test func titleRowsSoftBreaksAndWordNumbering() throws {
        var xml = Self.documentXML
        // 1.1's title moves inside its table, as a row of one cell over both columns.
        xml = xml.replacingOccurrences(of: "<w:p><w:r><w:t>就失业登记信息表</w:t></w:r></w:p>", with: "")
        let grid = "<w:gridCol w:w=\"4320\"/><w:gridCol w:w=\"4320\"/></w:tblGrid>"
        let first = try #require(xml.range(of: grid))
        xml.replaceSubrange(first, with: grid + "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>"
            + "<w:p><w:r><w:t>就失业登记信息表</w:t></w:r></w:p></w:tc></w:tr>")
        // 3.1's 责任事项 as one paragraph with line breaks.
        let three = try #require(xml.range(of: "对劳动者从事个体经营或灵活就业的登记信息表"))
        let tail = String(xml[three.lowerBound...])
            .replacingOccurrences(of: "；</w:t></w:r></w:p><w:p><w:r><w:t>2.", with: "；</w:t><w:br/><w:t>2.")
        xml = String(xml[..<three.lowerBound]) + tail
        // 4.2's 责任事项 numbered by Word: the "1." "2." "3." go, a numbering list stands in for them.
        let four = try #require(xml.range(of: "对居民养老保险参保资格的认定及登记信息表"))
        var rest = String(xml[four.lowerBound...])
        for number in 1...3 {
            rest = rest.replacingOccurrences(
                of: "<w:p><w:r><w:t>\(number).", with: "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>")
            rest = rest.replacingOccurrences(
                of: "<w:p><w:r/><w:r><w:t>\(number).", with: "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r/><w:r><w:t>")
        }
        xml = String(xml[..<four.lowerBound]) + rest
        let variant = try Self.docx(xml)
        // Read back, 4.2's items carry the numbers Word draws: every 组织论证审查 is 「2.」's.
        let document = try WordDocument(archive: try Archive(url: variant, accessMode: .read), file: "variant.docx")
        var paragraphs: [String] = []
        for case .table(let table) in document.blocks { for row in table.rows { for cell in row { paragraphs += cell.paragraphs } } }
        #expect(paragraphs.filter { $0 == "2.组织论证审查；" }.count == 4)
        #expect(!paragraphs.contains("组织论证审查；"))
        let (content, result) = try Self.importing(variant)
        #expect(result.status == 0, "\(result.stderr)")
        let (fromFixture, _) = try Self.importing(Self.fixture)
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            #expect(TestSupport.read(content.appending(path: "matters/\(number).md"))
                == TestSupport.read(fromFixture.appending(path: "matters/\(number).md")), "\(number)")
        }
    }

    @Test func wordNumberingLabels() {
        #expect(WordNumbering.chinese(1) == "一" && WordNumbering.chinese(10) == "十" && WordNumbering.chinese(12) == "十二")
        #expect(WordNumbering.chinese(20) == "二十" && WordNumbering.chinese(105) == "一百零五")
        #expect(WordNumbering.roman(14) == "XIV" && WordNumbering.letters(28) == "BB")
        var numbering = WordNumbering(Data("""
            <w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>\
            <w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>\
            <w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>\
            <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>
            """.utf8))!
        #expect(numbering.label(numID: "3", level: 0) == "（一）")
        #expect(numbering.label(numID: "3", level: 1) == "一.1")
        #expect(numbering.label(numID: "3", level: 1) == "一.2")
        #expect(numbering.label(numID: "3", level: 0) == "（二）")
        #expect(numbering.label(numID: "3", level: 1) == "二.1", "a deeper level starts again under a new item")
        #expect(numbering.label(numID: "9", level: 0) == nil)
    }

    @Test func withoutABaseURLLintNamesThePlaceholder() throws {
        let (content, result) = try Self.importing(Self.fixture, baseURL: nil)
        #expect(result.status == 0, "\(result.stderr)")
        let lint = try TestSupport.run(["lint", "--content", content.path])
        #expect(lint.status == 1)
        #expect(lint.stderr.contains("site.yaml") && lint.stderr.contains("还没有填写"), "\(lint.stderr)")
    }

    @Test func existingFilesAreNotReplacedWithoutForce() throws {
        let (content, first) = try Self.importing(Self.fixture)
        #expect(first.status == 0)
        let site = content.appending(path: "site.yaml")
        TestSupport.write("名称: 我改过的\n", to: site)
        let again = try TestSupport.run(["import", Self.fixture.path, "--content", content.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("文件已存在，没有覆盖"))
        #expect(TestSupport.read(site) == "名称: 我改过的\n")
        let forced = try TestSupport.run(["import", Self.fixture.path, "--content", content.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(TestSupport.read(site).contains("天津市滨海新区"))
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let make: @Sendable () throws -> URL
        let message: String
        var testDescription: String { name }
    }

    static func file(_ bytes: [UInt8], name: String) -> URL {
        let url = TestSupport.temporaryFolder("bad").appending(path: name)
        try! Data(bytes).write(to: url)
        return url
    }

    static let badCases: [BadCase] = [
        BadCase(name: "plain text", make: { file(Array("这是一份说明，不是表格。\n".utf8), name: "a.docx") }, message: "不是 Word 或 Excel 文件"),
        BadCase(name: "CSV with a header and no matters", make: { file(Array("序号,名称\n".utf8), name: "header.csv") },
                message: "表头下面没有事项"),
        BadCase(name: "empty file", make: { file([], name: "empty.docx") }, message: "不是 Word 或 Excel 文件"),
        BadCase(name: "old or encrypted Office file", make: { file([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], name: "old.doc") },
                message: "加密的或旧格式"),
        BadCase(name: "truncated zip", make: {
            let data = try Data(contentsOf: fixture)
            return file(Array(data.prefix(data.count / 2)), name: "cut.docx")
        }, message: "损坏"),
        BadCase(name: "no document.xml", make: {
            let url = TestSupport.temporaryFolder("bad").appending(path: "other.docx")
            let archive = try Archive(url: url, accessMode: .create)
            let data = Data("x".utf8)
            try archive.addEntry(with: "readme.txt", type: .file, uncompressedSize: Int64(1)) { (_: Int64, _: Int) in data }
            return url
        }, message: "没有 word/document.xml"),
        BadCase(name: "malformed XML", make: { try docx("<w:document><w:body><w:p></w:body></w:document>") }, message: "无法读取"),
        BadCase(name: "no 信息表", make: {
            try docx(documentXML.replacingOccurrences(of: "<w:t>序号</w:t>", with: "<w:t>编号</w:t>")
                .replacingOccurrences(of: "<w:t>名称</w:t>", with: "<w:t>标题</w:t>"))
        }, message: "没有找到信息表"),
        BadCase(name: "duplicate 序号", make: {
            try docx(documentXML.replacingOccurrences(of: "<w:t>3.1</w:t>", with: "<w:t>2.1</w:t>"))
        }, message: "序号 2.1 重复"),
        BadCase(name: "序号 that cannot be an address", make: {
            try docx(documentXML.replacingOccurrences(of: "<w:t>1.1</w:t>", with: "<w:t>1.1/../x</w:t>"))
        }, message: "不能做网址"),
        BadCase(name: "matter without 名称", make: {
            try docx(documentXML.replacingOccurrences(of: "<w:t>就失业登记</w:t>", with: "<w:t></w:t>"))
        }, message: "没有 名称"),
        BadCase(name: "CSV not in UTF-8", make: {
            file(Array("序号,名称\n1.1,".utf8) + [0xBE, 0xCD, 0xD2, 0xB5, 0x0A], name: "gbk.csv")
        }, message: "不是 UTF-8"),
        BadCase(name: "CSV without a header row", make: { file(Array("1.1,就业\n2.1,援助\n".utf8), name: "noheader.csv") },
                message: "没有找到表头"),
        BadCase(name: "CSV with a 序号 twice", make: {
            file(Array("序号,名称,法定依据\n1.1,甲,《条例》第一条\n1.1,乙,《条例》第二条\n".utf8), name: "twice.csv")
        }, message: "序号 1.1 重复"),
        BadCase(name: "truncated workbook", make: {
            let data = try Data(contentsOf: TestSupport.fixtures.appending(path: "import/dagu-catalogue.xlsx"))
            return file(Array(data.prefix(data.count / 2)), name: "cut.xlsx")
        }, message: "损坏"),
        BadCase(name: "document.xml claiming more than 64 MB", make: {
            // A small file that inflates past the bound: refused before it is inflated.
            try docx(documentXML + String(repeating: " ", count: (64 << 20) + 1), name: "huge.docx")
        }, message: "word/document.xml 太大"),
        BadCase(name: "a file that is not there", make: { URL(filePath: "/nonexistent/catalogue.docx") }, message: "找不到这个文件"),
        BadCase(name: "a folder", make: { TestSupport.temporaryFolder("folder") }, message: "找不到这个文件，或它不是普通文件"),
    ]

    @Test(arguments: badCases)
    func badFilesStopWithNothingWritten(_ bad: BadCase) throws {
        let (content, result) = try Self.importing(try bad.make())
        #expect(result.status == 1, "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains(bad.message), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains("没有写入任何文件"), "\(bad.name)")
        #expect(!FileManager.default.fileExists(atPath: content.path), "\(bad.name): nothing written")
    }
}
