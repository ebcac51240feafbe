import Foundation
import Testing

@Suite struct CheckCommandTests {
    static let harbin = TestSupport.fixtures.appending(path: "sites/harbin").path

    @Test func workedExampleInTheCommandLine() throws {
        let result = try TestSupport.run(["check", "1.1", "--content", Self.harbin, "--submitted", "2025-09-26", "--json"])
        #expect(result.status == 1, "materials are still missing")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let schedule = try #require(json["schedule"] as? [String: Any])
        let steps = try #require(schedule["steps"] as? [[String: Any]])
        #expect(steps.map { $0["due"] as? String } == ["2025-09-29", "2025-10-09", "2025-10-11", "2025-10-14", "2025-10-20"])
        #expect(schedule["completion"] as? String == "2025-10-20")
    }

    @Test func exitStatusLikeGrep() throws {
        let complete = try TestSupport.run(["check", "1.1", "--have", "身份证"])
        #expect(complete.status == 0, "\(complete.stderr)")
        #expect(complete.stdout.contains("必需的材料已齐全"))
        let missing = try TestSupport.run(["check", "4.1", "--answer", "户籍=外省市户籍成年居民", "--answer", "院校学生=否",
                                           "--have", "1", "--have", "身份证"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("还缺 1 项：居住证"))
        let undetermined = try TestSupport.run(["check", "4.1", "--have", "1", "--have", "2"])
        #expect(undetermined.status == 1)
        #expect(undetermined.stdout.contains("还没回答的问题"))
        for bad in [["check", "9.9"], ["check", "4.1", "--answer", "户籍=火星"], ["check", "4.1", "--answer", "户口"],
                    ["check", "4.1", "--have", "护照"], ["check", "4.1", "--submitted", "2025/9/26"]] {
            let result = try TestSupport.run(bad)
            #expect(result.status == 2, "\(bad)")
            #expect(result.stderr.hasPrefix("错误："), "\(bad)")
        }
        let options = try TestSupport.run(["check", "4.1", "--answer", "户籍=火星"])
        #expect(options.stderr.contains("可选：本市户籍居民、外省市户籍成年居民、外省市户籍未成年居民"))
    }

    /// `--have` finds a material as the page's list would: a part of one name only (「回执」 for
    /// 「居住证办理回执」); a part of several names is an error naming them; a near miss gets a suggestion.
    @Test func haveMatchesAPartOfOneNameAndSuggestsOtherwise() throws {
        let part = try TestSupport.run(["check", "4.1", "--answer", "户籍=外省市户籍未成年居民", "--answer", "院校学生=否",
                                        "--have", "户口", "--have", "身份证", "--have", "回执"])
        #expect(part.status == 0, "\(part.stdout)\(part.stderr)")
        let ambiguous = try TestSupport.run(["check", "4.1", "--have", "证"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("「证」是几项材料的一部分：身份证、居住证、居住证办理回执、在学证明"))
        let near = try TestSupport.run(["check", "4.1", "--have", "居住证明"])
        #expect(near.status == 2)
        #expect(near.stderr.contains("是否想写「居住证」"), "\(near.stderr)")
    }

    /// Only questions that can still change the list are asked, as the page counts them: after 认定类别 =
    /// 单亲家庭人员, 婚姻状况 and 收养子女 still decide materials, 病退人员 no longer does; after 低保家庭人员, none.
    @Test func onlyQuestionsThatStillMatterAreAsked() throws {
        let single = try TestSupport.run(["check", "2.1", "--answer", "认定类别=单亲家庭人员"])
        #expect(single.stdout.contains("婚姻状况：") && single.stdout.contains("收养子女："))
        #expect(!single.stdout.contains("病退人员："), "\(single.stdout)")
        let lowIncome = try TestSupport.run(["check", "2.1", "--answer", "认定类别=低保家庭人员"])
        #expect(!lowIncome.stdout.contains("还没回答的问题"), "\(lowIncome.stdout)")
        // With nothing answered, the first question in 情形 order; the rest come after it.
        let none = try TestSupport.run(["check", "2.1"])
        #expect(none.stdout.contains("还有 7 项材料要看这些问题的回答：认定类别\n"), "\(none.stdout)")
        #expect(!none.stdout.contains("病退人员："), "\(none.stdout)")
    }

    @Test func outsideTheCalendarSaysSo() throws {
        let result = try TestSupport.run(["check", "1.1", "--content", Self.harbin, "--submitted", "2030-01-02"])
        #expect(result.stdout.contains("日历数据未覆盖"))
        #expect(result.stdout.contains("可在内容文件夹里加 calendar/<年>.yaml"), "says where a year comes from")
    }

    @Test func rulesAreEmbeddedInThePageAsScriptSafeJSON() throws {
        let output = try TestSupport.build(content: TestSupport.fixtures.appending(path: "sites/harbin"))
        let page = TestSupport.read(output.appending(path: "matters/1.1/index.html"))
        let match = try #require(page.firstMatch(of: /<script type="application\/json" id="checker-rules">([^<]*)<\/script>/))
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(match.output.1.utf8)) as? [String: Any])
        let steps = try #require(rules["steps"] as? [[String: Any]])
        #expect(steps.count == 5)
        let calendar = try #require(rules["calendar"] as? [String: Any])
        #expect((calendar["workdays"] as? [String])?.contains("2025-10-11") == true)
    }
}
