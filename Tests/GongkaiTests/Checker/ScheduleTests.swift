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

    /// A step done on the spot is due the day it starts: the steps after it count from there.
    @Test func aStepOnTheSpotIsDueTheDayItStarts() throws {
        let flow = Flow(steps: [
            FlowStep(name: "受理", isBracketed: false, actor: nil, timeLimit: TimeLimit(days: 0, unit: .workingDays), note: nil),
            FlowStep(name: "审核", isBracketed: false, actor: nil, timeLimit: TimeLimit(days: 2, unit: .workingDays), note: nil),
        ])
        let submitted = try #require(CalendarDay("2025-09-26"))  // a Friday
        let schedule = Schedule(flow: flow, submitted: submitted, calendar: Self.harbin.calendar)
        // Two working days from Friday the 26th: Sunday the 28th (调休上班) and Monday the 29th.
        #expect(schedule.steps.map { $0.due?.description } == ["2025-09-26", "2025-09-29"])
        #expect(schedule.completion?.description == "2025-09-29")
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
        let flow = Flow(steps: [FlowStep(name: "公示", timeLimit: TimeLimit(days: 3, unit: .naturalDays))])
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

    @Test func aStepWithoutALimitEndsTheSchedule() throws {
        let flow = Flow(steps: [
            FlowStep(name: "甲", timeLimit: TimeLimit(days: 1, unit: .workingDays)), FlowStep(name: "乙"),
            FlowStep(name: "丙", timeLimit: TimeLimit(days: 1, unit: .workingDays)),
        ])
        let schedule = Schedule(flow: flow, submitted: try #require(CalendarDay("2025-09-26")), calendar: Self.harbin.calendar)
        #expect(schedule.steps.map { $0.due?.description } == ["2025-09-28", nil, nil])
        #expect(schedule.completion == nil)
    }
}

/// The CLI's words for an uncovered date must be the page's: the theme's labels, filled the way
/// checker.js fills them.
@Suite struct UncoveredMessageTests {
    static let labels = try! Theme.load(TestSupport.defaultTheme).labels

    static func message(years: Set<Int>) throws -> String? {
        let flow = Flow(steps: [FlowStep(name: "受理", timeLimit: TimeLimit(days: 1, unit: .workingDays))])
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
}
