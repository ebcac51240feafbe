import Foundation
import Testing

/// The line under a matter's name and the fold of long 法定依据 texts (issue 16): decided in Swift, placed
/// by the template.
@Suite struct MatterSummaryTests {
    static func summary(_ page: String) -> [String] {
        page.matches(of: /<span class="summary-item"><span class="summary-label">([^<]*)<\/span>：([^<]*)<\/span>/)
            .map { "\($0.output.1)：\($0.output.2)" }
    }

    @Test func timeLimitPlaceAndFeeWhenGivenElseTheStationsAddress() throws {
        let content = TestSupport.copy(TestSupport.fixtures.appending(path: "sites/harbin"))
        let file = content.appending(path: "matters/1.2.md")
        let text = TestSupport.read(file)
        TestSupport.write(text.replacingOccurrences(of: "\n---\n", with: "\n办理时限: {法定: 20个工作日, 承诺: 10个工作日}\n收费: 不收费\n---\n"),
                          to: file)
        let output = try TestSupport.build(content: content)
        let given = Self.summary(TestSupport.read(output.appending(path: "matters/1.2/index.html")))
        #expect(given == ["承诺办理时限：10个工作日", "办理地点：黑龙江省哈尔滨市某区某街道某社区服务中心一楼", "收费：不收费"], "\(given)")
        let plain = Self.summary(TestSupport.read(output.appending(path: "matters/1.1/index.html")))
        #expect(plain == ["办理地点：黑龙江省哈尔滨市某区某街道某社区服务中心一楼"], "\(plain)")
    }

    /// The checker comes before the 信息表, so the first question is near the top; the table is whole below.
    @Test func theCheckerComesRightAfterTheSummaryAndTheTableStaysWhole() throws {
        let output = try TestSupport.build(content: TestSupport.exampleContent)
        let page = TestSupport.read(output.appending(path: "matters/2.1/index.html"))
        let summary = try #require(page.range(of: "class=\"matter-summary\""))
        let checker = try #require(page.range(of: "id=\"checker\""))
        let table = try #require(page.range(of: "class=\"info\""))
        #expect(summary.lowerBound < checker.lowerBound && checker.lowerBound < table.lowerBound)
        // 2.1's long texts fold; each reference stays outside its fold.
        let folds = page.matches(of: /<p class="basis-ref">[^<]*<\/p>\s*<details class="fold">/).count
        #expect(folds >= 1)
        #expect(page.contains("县级以上地方人民政府采取多种就业形式"), "a folded text is still in the page")
    }
}
