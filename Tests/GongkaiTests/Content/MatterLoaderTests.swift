import Testing
@testable import GongkaiContent
@testable import GongkaiModel

@Suite struct MatterLoaderTests {
    let site = Site(
        name: "站", address: "址", implementingBody: "默认机构", contacts: [Contact(label: "监督电话", value: "1")],
        duties: [Duty(number: "1", name: "职责")])

    func load(_ text: String) -> (Matter?, [Diagnostic]) {
        let log = ProblemLog()
        let result = MatterLoader(site: site, log: log).load(SourceFile(path: "m.md", text: text))
        return (result?.0, log.diagnostics)
    }

    static let complete = """
        ---
        序号: "1.1"
        主要职责: "1"
        名称: 事项
        法定依据:
          - 依据: 《条例》第一条
            内容: 条文
        职责边界: [社区初审, 街镇复审]
        运行流程:
          - 步骤: 社区初审
            办理: 社区
            时限: 2个工作日
          - 步骤: 张榜公示
            时限: 3天
        情形:
          - 键: 户籍
            问题: 户籍？
            选项: [本市, 外省市]
        运行要件:
          - 身份证
          - 名称: 居住证
            形式: 原件及复印件
            份数: 2
            条件: {户籍: [外省市]}
        责任事项:
          - 受理；
        办理时限: {法定: 20个工作日, 承诺: 5个工作日}
        收费: 不收费
        ---
        正文
        """

    @Test func readsEveryField() throws {
        let (matter, problems) = load(Self.complete)
        #expect(problems.isEmpty)
        let m = try #require(matter)
        #expect(m.number == "1.1")
        #expect(m.implementingBody == "默认机构")
        #expect(m.contacts == site.contacts)
        #expect(m.boundary == Boundary(levels: ["社区初审", "街镇复审"], isSequence: true))
        #expect(m.flow.steps[0].timeLimit == TimeLimit(count: 2, unit: .workingDays))
        #expect(m.flow.steps[1].timeLimit == TimeLimit(count: 3, unit: .naturalDays))
        #expect(m.flow.steps[0].actor == "社区")
        #expect(m.materials[1].condition.clauses == [.init(questionKey: "户籍", options: ["外省市"])])
        #expect(m.materials[1].form == "原件及复印件")
        #expect(m.materials[1].copies == 2)
        #expect(m.texts[.legalTimeLimit] == "20个工作日")
        #expect(m.texts[.fee] == "不收费")
        #expect(m.body == "正文")
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() {
        let (_, problems) = load("---\n序号: \"1.1\"\n名字: 错\n运行流程: a——b\n---\n")
        let messages = problems.map(\.message)
        #expect(messages.contains("没有这个字段「名字」"))
        #expect(problems.contains { $0.field == "名称" && $0.message == "缺少必填字段" })
        #expect(messages.contains("流程里有空的步骤"))
        #expect(problems.count >= 5)
    }

    /// A wrong 条件 key in a file whose other materials have errors of their own was reported only once
    /// those were fixed (issue 15): the clauses are checked against the 情形 in the same run.
    @Test func aWrongConditionKeyIsReportedBesideOtherMaterialErrors() {
        let text = """
            ---
            序号: "1.1"
            主要职责: "1"
            名称: 事项
            法定依据:
              - 依据: 《条例》第一条
            职责边界: 乡镇权限
            运行流程: 受理—决定
            情形:
              - 键: 户籍
                问题: 您的户籍？
                选项: [本市, 外省市]
            运行要件:
              - 名称: 身份证
                形式: 原本
              - 名称: 居住证
                条件: {户口: 外省市}
              - 名称: 证明
                条件: {户籍: 火星}
            责任事项: [受理]
            ---

            """
        let (matter, problems) = load(text)
        #expect(matter == nil)
        let messages = problems.map(\.message)
        #expect(messages.contains("没有这种形式「原本」"))
        #expect(messages.contains("条件引用了不存在的情形「户口」"), "\(messages)")
        #expect(messages.contains("情形「户籍」没有选项「火星」"), "\(messages)")
    }

    /// Each problem names the field by its path through records, lists and free mappings (the path is
    /// built only when a problem is reported, from the places fields share with their siblings).
    @Test func problemsNameTheFieldByItsPath() {
        let text = Self.complete
            .replacingOccurrences(of: "    时限: 3天", with: "    时限: 一个礼拜")
            .replacingOccurrences(of: "    份数: 2", with: "    份数: 【待填写】")
            .replacingOccurrences(of: "条件: {户籍: [外省市]}", with: "条件: {户籍: []}")
            .replacingOccurrences(of: "  - 依据: 《条例》第一条", with: "  - 依据: 《条例》第一条\n    依据X: 多余")
            .replacingOccurrences(of: "收费: 不收费", with: "收费: 不收费\n名字: 多余\n监督方式: {监督电话: \"\"}")
        let (_, problems) = load(text)
        #expect(Set(problems.map(\.field)) == [
            "运行流程[2].时限", "运行要件[2].份数", "运行要件[2].条件.户籍", "法定依据[1].依据X", "名字",
            "监督方式.监督电话",
        ])
    }

    @Test func unknownKeyPointsAtTheKeyWithASuggestion() throws {
        let (_, problems) = load("---\n序号: \"1.1\"\n运行条件: x\n---\n")
        let problem = try #require(problems.first { $0.message.contains("运行条件") })
        #expect(problem.line == 3)
        #expect(problem.column == 1)
        #expect(problem.hint?.contains("运行要件") == true)
    }
}
