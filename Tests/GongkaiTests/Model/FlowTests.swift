import Testing
@testable import GongkaiContent
@testable import GongkaiModel

@Suite struct FlowTests {
    @Test(arguments: ["（受理）—审核—决定—下达", "接受申请—审核—批复—实施", "单步"])
    func oneLineFormRoundTrips(_ line: String) throws {
        let flow = try #require(Flow.parse(line: line))
        #expect(flow.line == line)
    }

    @Test func bracketedStepKeepsItsName() throws {
        let flow = try #require(Flow.parse(line: "（受理）—审核"))
        #expect(flow.steps[0] == FlowStep(name: "受理", isBracketed: true))
        #expect(flow.steps[1].isBracketed == false)
    }

    @Test func emptyStepIsRejected() {
        #expect(Flow.parse(line: "受理——审核") == nil)
        #expect(Flow.parse(line: "受理—") == nil)
    }

    @Test func timeLimits() {
        #expect(TimeLimit.parse("2个工作日") == TimeLimit(count: 2, unit: .workingDays))
        #expect(TimeLimit.parse("4工作日") == TimeLimit(count: 4, unit: .workingDays))
        #expect(TimeLimit.parse("3天") == TimeLimit(count: 3, unit: .naturalDays))
        #expect(TimeLimit.parse("3个自然日") == TimeLimit(count: 3, unit: .naturalDays))
        #expect(TimeLimit.parse("三天") == nil)
        #expect(TimeLimit.parse("2周") == nil)
    }

    /// Laws write some periods in months (issue 15); 民法典 第二百零二条 says how they are counted. 3月 is
    /// also March, so only 个月 is read.
    @Test func timeLimitsInMonths() {
        #expect(TimeLimit.parse("1个月") == TimeLimit(count: 1, unit: .months))
        #expect(TimeLimit.parse(" 6 个 月") == TimeLimit(count: 6, unit: .months))
        #expect(TimeLimit.parse("3月") == nil)
        #expect(TimeLimit.parse("3个月份") == nil)
        #expect(TimeLimit(count: 6, unit: .months).description == "6个月")
        #expect(TimeLimit.parse("15日") == TimeLimit(count: 15, unit: .naturalDays))
    }

    /// Real 运行流程 say 当场 / 即时办结 (issue 15): a step of no days, as is 0个工作日, worded 当场.
    @Test func stepsDoneOnTheSpot() {
        for text in ["当场", "即时", "即办", "即时办结", "当场办结", " 当 场 ", "0个工作日", "0工作日"] {
            #expect(TimeLimit.parse(text) == TimeLimit(count: 0, unit: .workingDays), "\(text)")
        }
        #expect(TimeLimit.parse("0天") == TimeLimit(count: 0, unit: .naturalDays))
        #expect(TimeLimit(count: 0, unit: .workingDays).description == "当场")
        #expect(TimeLimit.parse("当天内") == nil)
    }

    /// The usual spellings are read from the bytes; everything else by characters. Both must agree with
    /// reading by characters alone, on spellings with spaces, full-width digits, zeros and overflow.
    @Test func timeLimitsReadAsByCharacters() {
        let numbers = ["0", "2", "02", "15", "２", "9223372036854775807", "9223372036854775808", "", " 3", "3 "]
        let units = ["工作日", "个工作日", "自然日", "个自然日", "天", "个天", "日", "周", "个", "工作日 ", "\u{3000}天", "天天", "個工作日",
                     "个月", "月", "个 月", "个个月"]
        for number in numbers {
            for unit in units {
                let text = number + unit
                #expect(TimeLimit.parse(text) == TimeLimit.parseByCharacters(text), "\(text)")
            }
        }
        #expect(TimeLimit.parse("9223372036854775807天") == TimeLimit(count: Int.max, unit: .naturalDays))
    }

    @Test func numberFormat() {
        for good in ["1", "2.1", "4.12", "10.3.2"] { #expect(NumberFormat.isValid(good), "\(good)") }
        #expect(NumberFormat.isValid("123456789.1"))
        for bad in ["", "1.", ".1", "1..2", "../1", "1/2", "a", "1 2", "２.1", "1.1\u{0}", "1234567890.1"] {
            #expect(!NumberFormat.isValid(bad), "\(bad)")
        }
    }

    @Test func sortKeyOrdersNumerically() {
        let numbers = ["1.10", "1.9", "10.1", "2.1", "1.2.3", "1"]
        let matters = numbers.map { number in
            Matter(number: number, dutyNumber: "1", name: "x", legalBasis: [], implementingBody: "x",
                   boundary: Boundary(levels: ["x"], isSequence: false), flow: Flow(steps: []), situations: [],
                   materials: [], responsibilities: [], contacts: [], texts: MatterTexts(), body: "")
        }
        #expect(matters[0].sortKey == [1, 10] && matters[4].sortKey == [1, 2, 3] && matters[5].sortKey == [1])
        #expect(matters.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }.map(\.number)
                == ["1", "1.2.3", "1.9", "1.10", "2.1", "10.1"])
    }

    @Test func contactLinks() {
        #expect(Contact(label: "监督电话", value: "022-12345").link == "tel:022-12345")
        #expect(Contact(label: "电子邮箱", value: "a@b.cn").link == "mailto:a@b.cn")
        #expect(Contact(label: "来信来访地址", value: "某路").link == nil)
    }

    /// Phone links keep the digits, `+` and `-` that stand as characters of their own, whatever else the
    /// number is written with; the ASCII shortcut and the general path agree.
    @Test func phoneLinksKeepOnlyDialableCharacters() {
        func link(_ value: String) -> String? { Contact(label: "咨询电话", value: value).link }
        #expect(link("+86 (022) 2027-7473 转 8") == "tel:+860222027-74738")
        #expect(link("（022）20277473") == "tel:02220277473", "full-width brackets dropped")
        #expect(link("０２２") == nil, "full-width digits are not dialable")
        #expect(link("1\u{20E3}22") == "tel:22", "a keycap digit is one character, not a digit")
        #expect(link("无") == nil && link("") == nil)
        for value in ["022-20277473", "+86 22 1234", "tel 12\r\n34", "a+b-c"] {
            #expect(Contact.dialable(value) == value.filter { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") })
        }
    }

    /// A material's 形式, 份数 and 来源 in one phrase, and a condition in words, as the page, the poster,
    /// the printed sheet and the checker show them.
    @Test func materialDetailsAndConditionWording() {
        var material = Material(name: "身份证")
        #expect(MaterialDetails.text(material) == nil)
        material.copies = 2
        #expect(MaterialDetails.text(material) == "2份")
        material.source = "申请人自备"
        #expect(MaterialDetails.text(material) == "2份；来源：申请人自备")
        material.form = "原件"
        #expect(MaterialDetails.text(material) == "原件；2份；来源：申请人自备")
        material.copies = nil
        #expect(MaterialDetails.text(material) == "原件；来源：申请人自备")

        #expect(ConditionWording.text(Condition()) == nil)
        let condition = Condition(clauses: [
            .init(questionKey: "认定类别", options: ["零就业家庭人员", "单亲家庭人员"]),
            .init(questionKey: "婚姻状况", options: ["离婚"]),
        ])
        #expect(ConditionWording.text(condition) == "认定类别为「零就业家庭人员」或「单亲家庭人员」，且婚姻状况为「离婚」时需要")
    }
}
