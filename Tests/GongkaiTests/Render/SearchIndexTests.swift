import Foundation
import Testing
import GongkaiModel
@testable import GongkaiContent
@testable import GongkaiSite

/// search-index.js: what the index page's search looks in (the schema's `searchFields`, in rank order), as
/// plain bounded text, and the theme's synonym table. The searching itself is Tests/browser/test_search.py.
@Suite struct SearchIndexTests {
    static func matter(
        number: String = "2.1", name: String = "就业援助", materials: [String] = ["身份证", "户口本"],
        legalBasis: [LegalBasis] = [LegalBasis(reference: "《天津市就业促进条例》第十九条", text: "劳动行政部门应当建立健全就业登记制度。")],
        texts: [MatterField: String] = [:]
    ) -> Matter {
        Matter(
            number: number, dutyNumber: "1", name: name, legalBasis: legalBasis, implementingBody: "机构",
            boundary: Boundary(levels: ["乡镇权限"], isSequence: false), flow: Flow(steps: [FlowStep(name: "受理")]),
            materials: materials.map { Material(name: $0) }, responsibilities: ["受理"], contacts: [],
            texts: MatterTexts(texts), body: "## 办事须知\n\n不进索引。")
    }

    static let labels = ["fieldName": "名称", "fieldMaterials": "运行要件", "fieldLegalBasis": "法定依据", "fieldConditions": "受理条件"]

    /// The script's object, read back as JSON.
    static func index(_ catalogue: Catalogue, labels: [String: String] = labels) throws -> [String: Any] {
        let text = String(decoding: SearchIndex.scriptBytes(for: catalogue, labels: labels), as: UTF8.self)
        let prefix = "window.gongkaiSearchIndex = "
        let start = try #require(text.range(of: prefix)).upperBound
        #expect(text.hasSuffix(";\n"))
        let json = text[start...].dropLast(2)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func catalogue(_ matters: [Matter]) -> Catalogue {
        Catalogue(site: Site(name: "站", baseURL: nil, address: "址", officeHours: nil, implementingBody: "机构",
                             contacts: [], edition: nil, duties: [Duty(number: "1", name: "职责")]),
                  matters: matters, policies: [])
    }

    @Test func searchedFieldsComeFromTheSchemaBestFirst() {
        #expect(MatterSchema.searchFields.map(\.key) == ["名称", "运行要件", "法定依据", "受理条件"])
        #expect(Set(MatterSchema.searchFields).isSubset(of: Set(MatterSchema.fields)))
    }

    @Test func eachFieldIsOnePlainTextInRankOrder() {
        let matter = Self.matter(texts: [
            .conditions: "1. **本街道**户籍居民；\n2. 处于  失业状态，见[说明](https://example.org/a)。",
            .materialsAsPublished: "户口本、身份证、外省市户籍成年居民需提供居住证。",
            .place: "不搜索的办理地点",
        ])
        let texts = SearchIndex.texts(of: matter)
        #expect(texts == [
            "就业援助",
            // The names the published wording holds are not stored twice.
            "户口本、身份证、外省市户籍成年居民需提供居住证。",
            "《天津市就业促进条例》第十九条 劳动行政部门应当建立健全就业登记制度。",
            "1. 本街道户籍居民； 2. 处于 失业状态，见说明。",
        ])
        let withoutPublished = SearchIndex.texts(of: Self.matter(materials: ["身份证", "身份证", "《表》"]))
        #expect(withoutPublished[1] == "身份证 《表》")
        #expect(SearchIndex.texts(of: Self.matter(legalBasis: [LegalBasis(reference: "《法》")]))[2] == "《法》")
        #expect(SearchIndex.texts(of: Self.matter())[3] == "", "a matter without 受理条件 has an empty text")
    }

    @Test func aFieldIsBounded() {
        let long = String(repeating: "条文内容", count: 1000)
        let texts = SearchIndex.texts(of: Self.matter(legalBasis: [LegalBasis(reference: "《法》第一条", text: long)]))
        #expect(texts[2].count == SearchIndex.fieldCharacters)
        #expect(texts[2].hasPrefix("《法》第一条 条文内容"))
        let astral = String(repeating: "𠮷", count: 700)
        #expect(SearchIndex.texts(of: Self.matter(name: astral))[0] == String(repeating: "𠮷", count: SearchIndex.fieldCharacters))
    }

    @Test func plainTextDropsMarkdownMarksAndLinkTargets() {
        #expect(SearchText.plain("  # 标题\n\n> 引用 *强调* `代码`  [链接](https://x.org/a) 后 ", markdown: true) == "标题 引用 强调 代码 链接 后")
        #expect(SearchText.plain("a]b(c) 3>2 #5", markdown: true) == "ab(c) 3>2 #5", "marks only where Markdown reads them")
        #expect(SearchText.plain(" <b>粗体</b>\n 名 *称* ") == "<b>粗体</b> 名 *称*", "plain fields keep every character")
        #expect(SearchText.plain("甲\u{3000}乙\u{00A0}丙\r\n\t丁\u{2028}") == "甲 乙 丙 丁", "every Unicode White_Space is a space")
        #expect(SearchText.prefix("𠮷就业", 2) == "𠮷就" && SearchText.prefix("就业", 5) == "就业")
    }

    @Test func scriptIsJSONWithEveryMatterItsPageAndTheFieldLabels() throws {
        let hostile = "</script><b>\"引号\"\\ 反斜杠\u{2028}行\u{0007}"
        let catalogue = Self.catalogue([Self.matter(), Self.matter(number: "1.10", name: hostile)])
        let index = try Self.index(catalogue, labels: Self.labels.merging(["searchSynonyms": "低保=最低生活保障"]) { a, _ in a })
        #expect(index["fields"] as? [String] == ["名称", "运行要件", "法定依据", "受理条件"])
        let rows = try #require(index["matters"] as? [[String]])
        #expect(rows.map { Array($0.prefix(3)) } == [
            ["2.1", "matters/2.1/index.html", "就业援助"],
            // U+2028 is white space, folded like any other; quotes, backslashes and control characters stay.
            ["1.10", "matters/1.10/index.html", "</script><b>\"引号\"\\ 反斜杠 行\u{0007}"],
        ])
        #expect(rows.allSatisfy { $0.count == 2 + MatterSchema.searchFields.count })
        #expect(index["synonyms"] as? [[String]] == [["低保", "最低生活保障"]])
        let empty = try Self.index(Self.catalogue([]))
        #expect(empty["matters"] as? [[String]] == [])
        #expect(empty["synonyms"] as? [[String]] == [], "a theme without searchSynonyms has none")
    }

    @Test func synonymsAreReadAndBadEntriesReported() {
        let label = "低保=最低生活保障； 医保 = 医疗保险;;坏的；=空；同=同；长=\(String(repeating: "长", count: 21))"
        #expect(SearchIndex.synonyms(label).map { [$0.0, $0.1] } == [["低保", "最低生活保障"], ["医保", "医疗保险"]])
        #expect(SearchIndex.synonymProblems(label) == [
            "「坏的」应写成“简称=全称”", "「=空」应写成“简称=全称”", "「同=同」两边相同",
            "「长=\(String(repeating: "长", count: 21))」的词长于 20 字",
        ])
        #expect(SearchIndex.synonymProblems("低保=最低生活保障").isEmpty)
        #expect(SearchIndex.synonymProblems("").isEmpty && SearchIndex.synonyms("").isEmpty)
        let many = (0..<120).map { "甲\($0)=乙\($0)" }.joined(separator: "；")
        #expect(SearchIndex.synonyms(many).count == SearchIndex.synonymPairs)
        #expect(SearchIndex.synonymProblems(many) == ["同义词 120 组，最多 100 组"])
    }

    @Test func aThemeWithABadSynonymTableDoesNotLoad() throws {
        let themes = TestSupport.temporaryFolder("themes")
        try FileManager.default.copyItem(at: TestSupport.defaultTheme, to: themes.appending(path: "default"))
        let child = themes.appending(path: "child")
        TestSupport.write("parent: default\n", to: child.appending(path: "theme.yaml"))
        TestSupport.write("searchSynonyms: 低保最低生活保障\n", to: child.appending(path: "labels.yaml"))
        try FileManager.default.createDirectory(at: child.appending(path: "templates"), withIntermediateDirectories: true)
        do {
            _ = try Theme.load(child)
            Issue.record("expected the bad synonym table to be reported")
        } catch {
            let problem = try #require(error.diagnostics.first)
            #expect(problem.field == "searchSynonyms")
            #expect(problem.file.hasSuffix("child/labels.yaml"))
            #expect(problem.message.contains("「低保最低生活保障」应写成“简称=全称”"))
        }
    }

    @Test func theBuiltSiteHasTheIndexAndTheIndexPageLoadsIt() throws {
        let output = try TestSupport.build()
        let script = TestSupport.read(output.appending(path: SiteOutputs.searchIndex))
        for number in ["1.1", "2.1", "3.1", "4.1", "4.2"] {
            #expect(script.contains("[\"\(number)\",\"matters/\(number)/index.html\""))
        }
        #expect(script.contains("\"低保\",\"最低生活保障\""), "the default theme's synonym table")
        let home = TestSupport.read(output.appending(path: "index.html"))
        #expect(home.contains("<script src=\"search-index.js\" defer></script>"))
        #expect(home.contains("<script src=\"assets/search.js\" defer></script>"))
        #expect(home.contains("data-search-root"))
        #expect(SiteOutputs.aggregatePaths.contains(SiteOutputs.searchIndex), "the preview server remakes it when a matter changes")
    }
}
