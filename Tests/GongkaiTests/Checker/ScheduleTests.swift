import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiChecker
@testable import GongkaiModel
@testable import GongkaiSite

@Suite struct ScheduleTests {
    static let harbin: Catalogue = try! Pipeline(options: BuildOptions(
        content: TestSupport.fixtures.appending(path: "sites/harbin"), output: URL(filePath: "/nonexistent"),
        theme: TestSupport.defaultTheme)).loadCatalogue()

    /// One row of Fixtures/schedule-cases.json, the table the page (Tests/browser/test_checker.py) and the
    /// CLI are held to as well.
    struct Case: Decodable, CustomTestStringConvertible {
        let id: String
        let submitted: String
        let steps: [String?]
        let covered: Bool
        let dues: [String?]
        let completion: String?
        var testDescription: String { id }
    }

    static let cases = try! JSONDecoder().decode(
        [Case].self, from: Data(contentsOf: TestSupport.fixtures.appending(path: "schedule-cases.json")))

    @Test(arguments: cases) func caseTable(_ row: Case) throws {
        let flow = Flow(steps: try row.steps.enumerated().map { index, limit in
            FlowStep(name: "第\(index + 1)步", timeLimit: try limit.map { try #require(TimeLimit.parse($0), "\($0)") })
        })
        let schedule = Schedule(flow: flow, submitted: try #require(CalendarDay(row.submitted)), calendar: Self.harbin.calendar)
        #expect(schedule.isCovered == row.covered)
        #expect(schedule.steps.map { $0.due?.description } == row.dues)
        #expect(schedule.completion?.description == row.completion)
    }

    @Test func calendarDayArithmetic() throws {
        let day = try #require(CalendarDay("2025-09-26"))
        #expect(day.weekday == 5, "a Friday")
        #expect(day.adding(days: 7).description == "2025-10-03")
        #expect(CalendarDay(ordinal: day.ordinal) == day)
        #expect(CalendarDay("2024-02-29") != nil)
        #expect(CalendarDay("2025-02-29") == nil)
        #expect(CalendarDay("2025-9-26") == nil)
        #expect(CalendarDay("1970-01-01")?.ordinal == 0)
        // 民法典 第二百零二条: the corresponding day, or the month's last.
        #expect(day.adding(months: 1).description == "2025-10-26")
        #expect(day.adding(months: 4).description == "2026-01-26")
        #expect(CalendarDay("2025-03-31")?.adding(months: 1).description == "2025-04-30")
        #expect(CalendarDay("2023-12-31")?.adding(months: 2).description == "2024-02-29")
        #expect(CalendarDay("2025-01-31")?.adding(months: 120).description == "2035-01-31")
    }

    @Test func calendarFilesAreRead() throws {
        let calendar = Self.harbin.calendar
        #expect(calendar.years == [2024, 2025, 2026])
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2025-09-28"))) == true, "Sunday made a working day")
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2025-10-08"))) == false, "National Day holiday")
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2025-10-13"))) == true)
        #expect(calendar.isWorkingDay(try #require(CalendarDay("2027-01-04"))) == nil, "not covered: no guess")
    }

    /// Seed 003's procedure, submitted on Friday 2025-09-26, across the National Day holiday.
    @Test func workedExample() throws {
        let matter = try #require(Self.harbin.matters.first { $0.number == "1.1" })
        let schedule = Schedule(flow: matter.flow, submitted: try #require(CalendarDay("2025-09-26")), calendar: Self.harbin.calendar)
        #expect(schedule.steps.map { $0.due?.description } == ["2025-09-29", "2025-10-09", "2025-10-11", "2025-10-14", "2025-10-20"])
        #expect(schedule.completion?.description == "2025-10-20")
    }

    @Test func naturalDaysEndingOnAWorkingDayStayPut() throws {
        let flow = Flow(steps: [FlowStep(name: "公示", timeLimit: TimeLimit(count: 3, unit: .naturalDays))])
        let schedule = Schedule(flow: flow, submitted: try #require(CalendarDay("2025-09-08")), calendar: Self.harbin.calendar)
        #expect(schedule.steps[0].due?.description == "2025-09-11")
    }

    @Test func uncoveredYearsGiveNoDates() throws {
        let matter = try #require(Self.harbin.matters.first { $0.number == "1.1" })
        let late = Schedule(flow: matter.flow, submitted: try #require(CalendarDay("2026-12-28")), calendar: Self.harbin.calendar)
        #expect(!late.isCovered)
        #expect(late.steps.allSatisfy { $0.due == nil }, "a deadline running into 2027 is not guessed")
        #expect(late.uncoveredMessage == "日历数据未覆盖（已有 2024—2026 年），无法推算日期。")
    }
}

/// The CLI's words for an uncovered date must be the page's: the theme's labels, filled the way
/// checker.js fills them.
@Suite struct UncoveredMessageTests {
    static let labels = try! Theme.load(TestSupport.defaultTheme).labels

    static func message(years: Set<Int>) throws -> String? {
        let flow = Flow(steps: [FlowStep(name: "受理", timeLimit: TimeLimit(count: 1, unit: .workingDays))])
        return Schedule(flow: flow, submitted: try #require(CalendarDay("2030-01-07")),
                        calendar: HolidayCalendar(years: years)).uncoveredMessage
    }

    static func page(_ years: String?) -> String {
        guard let years else { return labels["checkerUncoveredNone"]! }
        return labels["checkerUncovered"]!.replacingOccurrences(of: "{years}", with: years)
    }

    static func range(_ from: Int, _ to: Int) -> String {
        labels["checkerYearRange"]!.replacingOccurrences(of: "{from}", with: "\(from)")
            .replacingOccurrences(of: "{to}", with: "\(to)")
    }

    @Test func wordedAsThePageWordsIt() throws {
        #expect(try Self.message(years: []) == Self.page(nil))
        #expect(try Self.message(years: [2024, 2025, 2026]) == Self.page(Self.range(2024, 2026)))
        #expect(try Self.message(years: [2024, 2026]) == Self.page("2024" + Self.labels["checkerSeparator"]! + "2026"))
        #expect(try Self.message(years: [2025]) == Self.page("2025"))
        #expect(try Self.message(years: [2030]) == nil, "covered")
    }
}

@Suite struct CheckTextScheduleTests {
    /// A flow without any 时限 gets a sentence saying so, not a list of "无时限" steps.
    @Test func aFlowWithoutTimeLimitsSaysSo() throws {
        var catalogue = ScheduleTests.harbin
        let index = try #require(catalogue.matters.firstIndex { $0.number == "1.1" })
        catalogue.matters[index].flow = Flow(steps: [FlowStep(name: "受理"), FlowStep(name: "办结")])
        let outcome = try CheckRequest(matterNumber: "1.1", submitted: "2025-09-26").run(on: catalogue)
        #expect(outcome.text.contains("  这个事项的运行流程没有写时限，无法推算日期。"))
        #expect(!outcome.text.contains("无时限"))
        // With its time limits, the same request lists the dates.
        let dated = try CheckRequest(matterNumber: "1.1", submitted: "2025-09-26").run(on: ScheduleTests.harbin)
        #expect(dated.text.contains("预计办结：2025-10-20"))
    }

    /// A step without 时限 does not stop the dates after it, and no step prints both a 时限 and 没有规定时限
    /// (issue 15: 「家庭经济状况核对（…，10个工作日） 无时限」).
    @Test func anOpenStepLeavesTheLaterDatesAsTheEarliest() throws {
        var catalogue = ScheduleTests.harbin
        let index = try #require(catalogue.matters.firstIndex { $0.number == "1.1" })
        catalogue.matters[index].flow = Flow(steps: [
            FlowStep(name: "受理", actor: "社区", timeLimit: TimeLimit.parse("当场")),
            FlowStep(name: "入户调查", actor: "社区"),
            FlowStep(name: "家庭经济状况核对", actor: "区民政局", timeLimit: TimeLimit.parse("10个工作日")),
        ])
        let text = try CheckRequest(matterNumber: "1.1", submitted: "2025-03-03").run(on: catalogue).text
        #expect(text.contains("  受理（社区，当场）  2025-03-03\n"), "\(text)")
        #expect(text.contains("  入户调查（社区）  没有规定时限\n"), "\(text)")
        #expect(text.contains("  家庭经济状况核对（区民政局，10个工作日）  不早于 2025-03-17\n"), "\(text)")
        #expect(text.contains("  预计办结：不早于 2025-03-17（有的步骤没有规定时限）"), "\(text)")
        #expect(!text.contains("无时限"))
    }
}
