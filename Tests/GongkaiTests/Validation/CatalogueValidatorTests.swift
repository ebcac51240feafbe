import Foundation
import Testing
@testable import GongkaiContent

@Suite struct CatalogueValidatorTests {
    func problems(afterWriting files: [String: String]) -> [Diagnostic] {
        let content = TestSupport.copy(TestSupport.minimalSite)
        for (path, text) in files { TestSupport.write(text, to: content.appending(path: path)) }
        do {
            _ = try CatalogueValidator().validate(try ContentLoader(folder: content, displayPrefix: "c").load())
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func matter(number: String = "1.1", duty: String = "1", extra: String = "") -> String {
        """
        ---
        序号: "\(number)"
        主要职责: "\(duty)"
        名称: 事项
        法定依据:
          - 依据: 条例
        职责边界: 乡镇权限
        运行流程: 受理—办结
        \(extra)运行要件:
          - 身份证
        责任事项:
          - 受理
        ---
        """
    }

    /// A build moves the matters out of what was loaded; the catalogue is the one a copy gives, in 序号 order.
    @Test func movingTheMattersOutGivesTheSameCatalogue() throws {
        let folder = TestSupport.copy(TestSupport.minimalSite)
        for number in ["1.10", "1.2", "1.9"] {
            TestSupport.write(Self.matter(number: number), to: folder.appending(path: "matters/\(number).md"))
        }
        var content = try ContentLoader(folder: folder, displayPrefix: "c").load()
        let copied = try CatalogueValidator().validate(content)
        let moved = try CatalogueValidator().validate(takingMattersFrom: &content)
        #expect(moved == copied)
        #expect(moved.matters.map(\.number) == ["1.1", "1.2", "1.9", "1.10"])
        #expect(content.matters.allSatisfy { $0.matter.number.isEmpty })
    }

    @Test func minimalSiteIsValid() {
        #expect(problems(afterWriting: [:]).isEmpty)
    }

    @Test func aYearWithoutMakeUpDaysIsValid() {
        let calendar = "年份: 2025\n放假:\n  - 名称: 元旦\n    日期: [2025-01-01]\n调休上班: []\n"
        #expect(problems(afterWriting: ["calendar/2025.yaml": calendar]).isEmpty)
    }

    @Test func duplicateNumberNamesBothFiles() throws {
        let found = problems(afterWriting: ["matters/copy.md": Self.matter()])
        let problem = try #require(found.first)
        #expect(problem.file == "c/matters/copy.md")
        #expect(problem.message.contains("c/matters/1.1.md"))
        #expect(problem.line == 2)
    }

    @Test func unknownDutyListsTheKnownOnes() throws {
        let problem = try #require(problems(afterWriting: ["matters/1.1.md": Self.matter(duty: "9")]).first)
        #expect(problem.field == "主要职责")
        #expect(problem.hint?.contains("1（测试职责）") == true)
    }

    @Test func numberThatCouldEscapeTheOutputIsRejected() throws {
        let problem = try #require(problems(afterWriting: ["matters/1.1.md": Self.matter(number: "../../etc")]).first)
        #expect(problem.message.contains("格式不对"))
    }

    @Test func conditionOnUnknownQuestionOrOption() {
        let extra = """
            情形:
              - 键: 户籍
                问题: 户籍？
                选项: [本市, 外省市]
            运行要件:
              - 名称: 居住证
                条件: {户口: 外省市}
              - 名称: 暂住证
                条件: {户籍: 外省}
            责任事项: [受理]
            ---
            """
        let text = Self.matter().components(separatedBy: "运行要件:")[0] + extra
        let found = problems(afterWriting: ["matters/1.1.md": text])
        #expect(found.count == 2)
        #expect(found[0].message == "条件引用了不存在的情形「户口」")
        #expect(found[0].hint?.contains("户籍") == true)
        #expect(found[1].message == "情形「户籍」没有选项「外省」")
        #expect(found[1].hint?.contains("外省市") == true)
    }
}
