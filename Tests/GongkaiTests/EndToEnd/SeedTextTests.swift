import Foundation
import Testing

/// Builds the real content/ and checks, for each of the five matters of seed 000, that the seed's text
/// survives on its page: every prose sentence verbatim and every structured item word for word.
@Suite struct SeedTextTests {
    struct Expected: Decodable {
        let prose: [String]
        let items: [String]
    }

    static let output: URL = try! TestSupport.build()

    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: TestSupport.fixtures.appending(path: "seed-000-expected.json"))
        let object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        var result: [String: Expected] = [:]
        for (number, value) in object where number != "corrections" {
            let entry = value as! [String: [String]]
            result[number] = Expected(prose: entry["prose"]!, items: entry["items"]!)
        }
        return result
    }()

    static func page(_ number: String) -> String {
        TestSupport.read(output.appending(path: "matters/\(number)/index.html"))
    }

    /// The page's <main>, without header and footer, so a sentence cannot pass by appearing in the footer.
    static func mainText(_ number: String) -> String {
        let html = page(number)
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return "" }
        return TestSupport.visibleText(String(html[start.lowerBound..<end.upperBound]))
    }

    @Test func allFiveMattersArePublished() {
        #expect(Self.expected.keys.sorted() == ["1.1", "2.1", "3.1", "4.1", "4.2"])
    }

    @Test(arguments: ["1.1", "2.1", "3.1", "4.1", "4.2"])
    func proseSentencesSurviveVerbatim(_ number: String) throws {
        let text = Self.mainText(number)
        let expected = try #require(Self.expected[number])
        #expect(expected.prose.count >= 8)
        for sentence in expected.prose {
            #expect(text.contains(sentence.filter { !$0.isWhitespace }), "\(number): \(sentence)")
        }
    }

    @Test(arguments: ["1.1", "2.1", "3.1", "4.1", "4.2"])
    func structuredItemsSurviveWordForWord(_ number: String) throws {
        let text = Self.mainText(number)
        for item in try #require(Self.expected[number]).items {
            #expect(text.contains(item.filter { !$0.isWhitespace }), "\(number): \(item)")
        }
    }

    /// The 运行流程 line of the 信息表 round-trips exactly, and each step is an item of the step diagram.
    @Test(arguments: [
        ("1.1", "（受理）—审核—决定—下达"), ("2.1", "接受申请—审核—批复—实施"), ("3.1", "（受理）—审核—决定—下达"),
        ("4.1", "（受理）—审核—决定—下达"), ("4.2", "（受理）—审核—决定—下达"),
    ])
    func flowRoundTripsAndIsAnOrderedList(_ number: String, _ line: String) {
        let html = Self.page(number)
        #expect(html.contains("<figcaption class=\"flow-line\">\(line)</figcaption>"))
        let steps = html.matches(of: /<span class="step-name">([^<]+)<\/span>/).map { String($0.output.1) }
        #expect(steps.joined(separator: "—") == line)
    }

    @Test func materialsOfEachMatterInTheSeedsOrder() {
        let expected: [String: [String]] = [
            "1.1": ["身份证"],
            "3.1": ["身份证", "灵活就业情况说明或个体经营执照"],
            "4.2": ["户口本", "身份证"],
        ]
        for (number, names) in expected {
            let found = Self.page(number).matches(of: /<span class="material-name">([^<]+)<\/span>/).map { String($0.output.1) }
            #expect(found == names, "\(number)")
        }
    }

    /// 2.1 and 4.1 keep their 运行要件 as published (运行要件原文): the 信息表 shows that wording, and the
    /// self-checker's rules hold the materials it was split into.
    @Test(arguments: [
        ("2.1", "户口本、身份证、《天津市就业困难人员认定情况表》，以下认定类别人员还需提供以下材料：1、零就业家庭人员：家庭成员已婚的，提供结婚证；"),
        ("4.1", "户口本、身份证、外省市户籍成年居民需提供居住证、外省市户籍未成年居民需提供居住证办理回执、院校学生需提供在学证明。"),
    ])
    func publishedWordingIsTheInfoTablesAndTheCheckerKeepsTheMaterials(_ number: String, _ wording: String) {
        let html = Self.page(number)
        #expect(html.contains("<p class=\"as-published\">\(wording)"))
        #expect(!html.contains("class=\"material-name\""), "the 信息表 shows the published wording, not the list")
        let names = number == "4.1" ? ["户口本", "身份证", "居住证", "居住证办理回执", "在学证明"] : ["户口本", "结婚证"]
        for name in names { #expect(html.contains("\"name\":\"\(name)\""), "\(number): \(name) in the checker's rules") }
    }

    @Test func conditionsAreSpelledOutInWords() {
        let html = Self.page("4.1")
        #expect(html.contains("户籍为「外省市户籍成年居民」时需要"))
        #expect(html.contains("户籍为「外省市户籍未成年居民」时需要"))
        #expect(html.contains("院校学生为「是」时需要"))
        #expect(Self.page("2.1").contains("认定类别为「零就业家庭人员」，且婚姻状况为「已婚」时需要"))
    }

    @Test func boundaryLevelsOf21AreASequence() {
        let html = Self.page("2.1")
        #expect(html.contains("<li>社区初审</li><li>街镇复审</li><li>区人社局审批</li><li>街镇帮扶</li>"))
    }

    @Test func contactsKeepTheirOwnLabels() {
        let html = Self.page("4.2")
        for label in ["部门电话", "电子邮箱", "来信来访地址"] { #expect(html.contains("\(label)：")) }
        #expect(html.contains("href=\"mailto:dgjldbzk@126.com\""))
        #expect(Self.page("1.1").contains("监督电话："))
    }

    @Test func indexListsDutiesAndMattersLikeTheSeed() {
        let text = TestSupport.visibleText(TestSupport.read(Self.output.appending(path: "index.html")))
        let order = ["1开展就业失业管理工作", "1.1就失业登记", "2开展基层就业援助服务", "2.1就业援助", "3落实国家",
                     "3.1对劳动者从事个体经营或灵活就业的登记", "4负责城乡居民", "4.1对居民参加基本医疗保险的登记",
                     "4.2对居民养老保险参保资格的认定及登记"]
        var position = text.startIndex
        for part in order {
            let found = text.range(of: part, range: position..<text.endIndex)
            #expect(found != nil, "\(part)")
            position = found?.upperBound ?? position
        }
    }

    @Test func policiesKeepTheSourceWording() {
        let page = TestSupport.read(Self.output.appending(path: "policies/shequ-jiuye-yuanzhu-zhidu/index.html"))
        #expect(page.contains("第三條社區就業和社會保障服務站應當對服務對象公開服務內容、服務流程、規章制度、投訴電話。"))
        #expect(page.contains("<article class=\"policy\" lang=\"zh-Hant\">"), "traditional text is marked as such")
        let rules = TestSupport.read(Self.output.appending(path: "policies/jiuye-yuanzhu-dengji-rending-zhidu/index.html"))
        #expect(rules.contains("(十)軍人配偶失業人員。"))
    }

    @Test func everyPageHasLanguageSkipLinkFooterAndPolicy() {
        let pages = TestSupport.snapshot(Self.output).filter { $0.key.hasSuffix(".html") }
        #expect(pages.count == 18, "12 site pages, the print catalogue and 5 posters")
        for (path, data) in pages {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.contains("<html lang=\"zh-CN\">"), "\(path)")
            #expect(html.contains("class=\"skip-link\" href=\"#main\""), "\(path)")
            #expect(html.contains("<main id=\"main\""), "\(path)")
            #expect(html.contains("href=\"tel:022-12345\">022-12345</a>"), "\(path): 监督电话 in the footer")
            #expect(html.contains("天津市滨海新区远景庄园南侧大沽街道办事处"), "\(path): address in the footer")
            #expect(html.contains("connect-src &#39;none&#39;"), "\(path): CSP")
        }
    }

    /// The 404 page is served at any depth, so its links start from the base URL's path, not from "../".
    @Test func notFoundPageLinksFromTheBasePath() {
        let page = TestSupport.read(Self.output.appending(path: "404.html"))
        #expect(page.contains("href=\"/dagu/assets/site.css\""))
        #expect(page.contains("href=\"/dagu/index.html\""))
    }

    @Test func sitemapAndOpenData() throws {
        let sitemap = TestSupport.read(Self.output.appending(path: "sitemap.xml"))
        #expect(sitemap.contains("<loc>https://gongkai.example.org/dagu/matters/2.1/</loc>"))
        #expect(sitemap.contains("<loc>https://gongkai.example.org/dagu/</loc>"))
        #expect(!sitemap.contains("404"))
        #expect(!sitemap.contains("posters/") && !sitemap.contains("print/"), "pages for paper are not listed")
        #expect(sitemap.components(separatedBy: "<loc>").count - 1 == 11)
        let data = try Data(contentsOf: Self.output.appending(path: "catalogue.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 2)
        let matters = try #require(json["matters"] as? [[String: Any]])
        #expect(matters.map { $0["number"] as? String } == ["1.1", "2.1", "3.1", "4.1", "4.2"])
        let flow = try #require(matters[0]["flow"] as? [String: Any])
        #expect(flow["line"] as? String == "（受理）—审核—决定—下达")
        let materials = try #require(matters[1]["materials"] as? [[String: Any]])
        let marriage = try #require(materials.first { $0["name"] as? String == "结婚证" })
        let condition = try #require(marriage["condition"] as? [[String: Any]])
        #expect(condition.count == 2)
        #expect(condition[0]["question"] as? String == "认定类别")
    }
}
