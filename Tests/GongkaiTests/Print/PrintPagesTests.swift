import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiModel
@testable import GongkaiSite

/// The print catalogue and the posters as the build writes them (HTML; the PDFs are checked by pytest,
/// Tests/browser/test_pdf.py, since WeasyPrint takes seconds per file).
@Suite struct PrintPagesTests {
    static let files: [String: String] = {
        let options = BuildOptions(
            content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        let (_, files) = try! Pipeline(options: options).renderInMemory()
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }()

    static let numbers = ["1.1", "2.1", "3.1", "4.1", "4.2"]

    @Test func theBuildWritesTheCatalogueAndAPosterPerMatter() {
        #expect(Self.files["print/index.html"] != nil)
        for number in Self.numbers { #expect(Self.files["posters/\(number).html"] != nil, "\(number)") }
        #expect(Self.files["assets/print/catalogue.css"] != nil)
        #expect(Self.files["assets/print/poster.css"] != nil)
        #expect(Self.files["assets/print/poster-a4.css"] != nil)
    }

    /// The 目录: one row per matter, in the seed's order, each linking to its 信息表 twice — the name, and the
    /// page-number cell whose number WeasyPrint fills in with target-counter.
    @Test func tableOfContentsLinksEveryMatterToItsSheet() throws {
        let html = try #require(Self.files["print/index.html"])
        let rows = html.matches(of: /<td class="toc-number">([^<]+)<\/td><td class="toc-name"><a href="#([^"]+)">([^<]+)<\/a><\/td><td class="toc-page"><a class="page-ref" href="#([^"]+)"><\/a><\/td>/)
        #expect(rows.map { String($0.output.1) } == Self.numbers)
        for row in rows {
            #expect(row.output.2 == "matter-\(row.output.1)" && row.output.4 == row.output.2)
            #expect(html.contains("<section class=\"sheet\" id=\"\(row.output.2)\""))
        }
        // Duty 4 has two matters: its cells span both rows, as in the paper index.
        #expect(html.contains("<td rowspan=\"2\" class=\"toc-duty-number\">4</td>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"../assets/site.css\" media=\"screen\">"),
                "the web styles stay off paper")
    }

    /// Every 信息表 lists its fields in the seed's order.
    @Test func sheetsHaveTheSeedsFieldsInOrder() throws {
        let html = try #require(Self.files["print/index.html"])
        let sheets = html.split(separator: "<section class=\"sheet\"").dropFirst()
        #expect(sheets.count == 5)
        for sheet in sheets {
            let labels = sheet.matches(of: /<th scope="row">([^<]+)<\/th>/).map { String($0.output.1) }
            #expect(Array(labels.prefix(9)) == ["序号", "名称", "法定依据", "实施机构", "职责边界", "运行流程", "运行要件", "责任事项", "监督方式"])
        }
    }

    @Test(arguments: numbers)
    func posterHasNameFlowMaterialsPhoneAndCode(_ number: String) throws {
        let html = try #require(Self.files["posters/\(number).html"])
        #expect(html.contains("<h1 class=\"poster-title\" id=\"poster-title\"><span class=\"number\">\(number)</span>"))
        #expect(html.contains("class=\"poster-step\""))
        #expect(html.contains("class=\"check-item"))
        #expect(html.contains("class=\"phone-number\""))
        #expect(html.contains("扫码自查所需材料"))
        let url = "https://gongkai.example.org/dagu/matters/\(number)/"
        #expect(html.contains("<span class=\"qr-url\">\(url)</span>"))
        let svg = try #require(html.firstMatch(of: /<svg [^>]*>.*?<\/svg>/)).output
        #expect(svg.contains("aria-label=\"\(number) "), "the code says what it is")
        #expect(svg.contains("shape-rendering=\"crispEdges\"") && svg.matches(of: /<path/).count == 1)
        #expect(html.contains(try QRCode(url).pathData(offset: 4)), "the code encodes the matter's own page")
    }

    @Test func conditionsAndLimitsAreSpelledOutOnPosters() throws {
        let poster = try #require(Self.files["posters/4.1.html"])
        #expect(poster.contains("<span class=\"check-condition\">户籍为「外省市户籍成年居民」时需要</span>"))
        let harbin = try TestSupport.build(content: TestSupport.fixtures.appending(path: "sites/harbin"))
        let flow = TestSupport.read(harbin.appending(path: "posters/1.1.html"))
        #expect(flow.contains("<span class=\"step-actor\">社区</span><span class=\"step-limit\">2个工作日</span>"))
        #expect(flow.contains("<span class=\"step-limit\">3个自然日</span>"))
    }

    /// An address too long for any QR code is a build error naming the address; one that just fits builds.
    /// Both through the pipeline's validate stage, as `build`, `lint` and `serve` run it.
    @Test func anAddressTooLongForAQRCodeIsAnError() throws {
        let room = QRCode.byteCapacityAtMedium - "https://x/matters/1.1/".utf8.count  // every 序号 here has 3 bytes
        func options(_ base: String) -> BuildOptions {
            BuildOptions(content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"),
                         theme: TestSupport.defaultTheme, baseURL: base)
        }
        let fits = "https://x/" + String(repeating: "a/", count: room / 2)
        #expect(throws: Never.self) { try Pipeline(options: options(fits)).renderInMemory() }
        let tooLong = "https://x/" + String(repeating: "a/", count: room / 2 + 1)
        do {
            _ = try Pipeline(options: options(tooLong)).loadCatalogue()
            Issue.record("expected an error for an address too long for a QR code")
        } catch {
            #expect(error.diagnostics.count == 5 && error.diagnostics.allSatisfy { $0.message.hasPrefix("网址太长") })
        }
    }

    /// Without a base URL a poster's code would lead nowhere: that is an error of the validate stage naming 网址.
    @Test func postersNeedABaseURL() throws {
        let options = BuildOptions(content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        var catalogue = try Pipeline(options: options).loadCatalogue()
        catalogue.site.baseURL = nil
        do {
            _ = try Pipeline(options: options).complete(catalogue)
            Issue.record("expected an error without a base URL")
        } catch {
            #expect(error.diagnostics.map(\.field) == ["网址"])
            #expect(error.description.contains("--base-url"))
        }
    }

    @Test func densityGrowsWithTheContentAndNamesStepDown() throws {
        let options = BuildOptions(content: TestSupport.exampleContent, output: URL(filePath: "/nonexistent"), theme: TestSupport.defaultTheme)
        let matters = try Pipeline(options: options).loadCatalogue().matters
        let site = try Pipeline(options: options).loadCatalogue().site
        let density = Dictionary(uniqueKeysWithValues: matters.map { ($0.number, PosterContext.density(of: $0, site: site)) })
        #expect(density["1.1"] == 0)
        #expect(density["2.1"]! > density["4.1"]!, "ten materials with conditions set smaller than five")
        #expect(PosterContext.nameSize(number: "1.1", name: "就失业登记") == 1)
        #expect(PosterContext.nameSize(number: "4.2", name: "对居民养老保险参保资格的认定及登记") > 1)
        let many = Matter(
            number: "9.9", dutyNumber: "9", name: "多", legalBasis: [], implementingBody: "", boundary: Boundary(levels: [], isSequence: false),
            flow: Flow(steps: (1...12).map { FlowStep(name: "第\($0)步") }),
            materials: (1...40).map { Material(name: "材料\($0)", condition: Condition(clauses: [.init(questionKey: "类别", options: ["甲"])])) },
            responsibilities: [], contacts: [])
        #expect(PosterContext.density(of: many, site: site) == PosterContext.thresholds.count)
        // The foot counts too: the same matter with four long contacts is set smaller.
        var contacts = matters.first { $0.number == "4.1" }!
        let before = PosterContext.density(of: contacts, site: site)
        contacts.contacts = (1...4).map { Contact(label: "监督电话\($0)", value: "022-2520000\($0)（工作日 9:00—17:00，节假日值班）") }
        #expect(PosterContext.density(of: contacts, site: site) > before, "four 监督电话 in large type take room")
        #expect(PosterContext.stepRows(many.flow.steps).map(\.count) == [4, 4, 4], "twelve steps in three rows of four")
    }
}
