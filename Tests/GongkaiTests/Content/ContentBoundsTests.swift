import Foundation
import Testing
@testable import GongkaiContent

/// Every number, name and list content can set is bounded, with a diagnostic at the value (issue 18,
/// defects 8, 9 and 15): lint refuses what build, check or the file system would trap or fail on.
@Suite struct ContentBoundsTests {
    /// The minimal fixture with files replaced (nil removes one), loaded and validated as a build does;
    /// the diagnostics as `line:col message`.
    static func problems(_ files: [String: String?], allowEmpty: Bool = false) -> [String] {
        let content = TestSupport.copy(TestSupport.minimalSite)
        for (path, text) in files {
            let url = content.appending(path: path)
            if let text { TestSupport.write(text, to: url) } else { try? FileManager.default.removeItem(at: url) }
        }
        do {
            _ = try CatalogueValidator().validate(
                try ContentLoader(folder: content, displayPrefix: "c", allowEmpty: allowEmpty).load())
            return []
        } catch {
            return error.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.message) | \($0.hint ?? "")" }
        }
    }

    static let m = "matters/1.1.md"

    static func matter(replacing number: Int, with replacement: String) -> String {
        var lines = TestSupport.read(TestSupport.minimalSite.appending(path: m))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = replacement
        return lines.joined(separator: "\n")
    }

    static func flow(limit: String) -> String {
        matter(replacing: 9, with: "运行流程:\n  - 步骤: 受理\n    时限: \(limit)")
    }

    @Test(arguments: ["9223372036854775807个自然日", "99999999999999999999个工作日", "1001个工作日", "3651天", "121个月",
                      "99999999999个月"])
    func aTimeLimitPastTheBoundIsRefusedAtItsValue(limit: String) {
        let found = Self.problems([Self.m: Self.flow(limit: limit)])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("c/matters/1.1.md:11:9 时限「\(limit)」太长 | 时限最长 1000 个工作日、3650 个自然日或 120 个月") == true, "\(found)")
    }

    @Test func timeLimitsAtTheBoundAreRead() {
        #expect(Self.problems([Self.m: Self.flow(limit: "1000个工作日")]) == [])
        #expect(Self.problems([Self.m: Self.flow(limit: "3650个自然日")]) == [])
        #expect(Self.problems([Self.m: Self.flow(limit: "120个月")]) == [])
    }

    @Test func copiesAreOneToNinetyNine() {
        func copies(_ text: String) -> [String] {
            Self.problems([Self.m: Self.matter(replacing: 16, with: "  - 名称: 居住证\n    份数: \(text)")])
        }
        #expect(copies("99") == [])
        #expect(copies("100").first?.hasPrefix("c/matters/1.1.md:17:9 份数「100」太多 | 份数应为 1—99 的整数") == true)
        #expect(copies("9223372036854775808").first?.contains("太多") == true)
        #expect(copies("0").first?.contains("份数应为正整数") == true)
    }

    @Test func policyOrderIsBounded() {
        let found = Self.problems(["policies/rule.md": "---\n标题: 制度\n排序: 10000\n---\n正文\n"])
        #expect(found == ["c/policies/rule.md:3:5 排序「10000」超出范围 | 排序应为 0—9999 的整数，例如 排序: 1"])
        #expect(Self.problems(["policies/rule.md": "---\n标题: 制度\n排序: 9999\n---\n正文\n"]) == [])
    }

    @Test(arguments: ["1999", "2101", "+202", "２０２５"])
    func calendarYearsAreFourDigitsInRange(year: String) {
        let found = Self.problems(["calendar/\(year).yaml": "年份: \(year)\n放假: []\n调休上班: []\n"])
        #expect(found.first?.hasPrefix("c/calendar/\(year).yaml:1:5 年份应为四位数字（2000—2100）") == true, "\(found)")
    }

    @Test func aDateWithASignIsNotADate() {
        let calendar = "年份: 2025\n放假:\n  - 名称: 国庆节\n    日期: [\"+025-10-01\"]\n调休上班: []\n"
        let found = Self.problems(["calendar/2025.yaml": calendar])
        #expect(found.first?.contains("看不懂的日期「+025-10-01」") == true, "\(found)")
    }

    @Test func aDayBothOffAndWorkingIsRefusedAtTheSecondListing() {
        let calendar = "年份: 2025\n放假:\n  - 名称: 国庆节\n    日期: [2025-10-01, 2025-10-11]\n调休上班:\n  - 2025-09-28\n  - 2025-10-11\n"
        let found = Self.problems(["calendar/2025.yaml": calendar])
        #expect(found == ["c/calendar/2025.yaml:7:5 日期 2025-10-11 既是放假（国庆节）又是调休上班 | 一天只能是其中之一：对照国务院办公厅的放假通知，删去写错的那一处"])
    }

    @Test func aNumberThatBecomesAFileNameIsAtMost64Bytes() {
        let long = Array(repeating: "1", count: 125).joined(separator: ".")  // 249 bytes, every part valid
        let found = Self.problems([Self.m: nil, "matters/\(long).md": Self.matter(replacing: 2, with: "序号: \"\(long)\"")])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("c/matters/\(long).md:2:5 序号太长：249 个字符，最多 64 个") == true, "\(found)")
        let atBound = String(repeating: "1.", count: 32).dropLast() + "2"  // 64 bytes
        #expect(Self.problems([Self.m: nil, "matters/\(atBound).md": Self.matter(replacing: 2, with: "序号: \"\(atBound)\"")]) == [])
    }

    @Test func aPolicyFileNameIsAtMost64Bytes() {
        let slug = String(repeating: "a", count: 65)
        let found = Self.problems(["policies/\(slug).md": "---\n标题: 制度\n---\n正文\n"])
        #expect(found.first?.hasPrefix("c/policies/\(slug).md:1:1 文件名「\(slug).md」太长：65 字节") == true, "\(found)")
        #expect(Self.problems(["policies/\(String(slug.dropFirst())).md": "---\n标题: 制度\n---\n正文\n"]) == [])
    }

    @Test func longListsAreRefusedAtTheFirstEntryPastTheBound() {
        let materials = (1...201).map { "  - 材料\($0)" }.joined(separator: "\n")
        let found = Self.problems([Self.m: Self.matter(replacing: 15, with: materials)
            .replacingOccurrences(of: "  - 名称: 居住证\n    条件: {户籍: 外省市}\n", with: "")])
        #expect(found.first?.hasPrefix("c/matters/1.1.md:215:5 材料太多：201 项，最多 200 项") == true, "\(found)")
        let steps = (1...101).map { "步\($0)" }.joined(separator: "—")
        #expect(Self.problems([Self.m: Self.matter(replacing: 9, with: "运行流程: \(steps)")]).first?
            .contains("步骤太多：101 个，最多 100 个") == true)
        let options = (1...51).map { "选\($0)" }.joined(separator: ", ")
        #expect(Self.problems([Self.m: Self.matter(replacing: 13, with: "    选项: [\(options)]")]).first?
            .contains("选项太多：51 项，最多 50 项") == true)
    }

    @Test func noMattersIsAnErrorUnlessAllowed() {
        #expect(Self.problems(["matters": nil]) == [
            "c/matters:1:1 没有找到任何事项：c/matters/ 不存在 | 检查 --content 是否指向内容文件夹，或用 gongkai new matter 新建事项；确实要生成没有事项的网站，加 --allow-empty"])
        #expect(Self.problems([Self.m: nil]).first?.hasPrefix("c/matters:1:1 没有找到任何事项：c/matters/ 里没有 .md 文件") == true)
        #expect(Self.problems(["matters": nil], allowEmpty: true) == [])
        #expect(Self.problems([Self.m: nil], allowEmpty: true) == [])
    }

    @Test(arguments: [false, true])
    func mattersBeingAFileIsAnErrorEvenWhenEmptyIsAllowed(allowEmpty: Bool) {
        let content = TestSupport.copy(TestSupport.minimalSite)
        try? FileManager.default.removeItem(at: content.appending(path: "matters"))
        TestSupport.write("not a folder", to: content.appending(path: "matters"))
        do {
            _ = try CatalogueValidator().validate(
                try ContentLoader(folder: content, displayPrefix: "c", allowEmpty: allowEmpty).load())
            Issue.record("a catalogue was made without matters")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["没有找到任何事项：c/matters 是一个文件"])
        }
    }
}
