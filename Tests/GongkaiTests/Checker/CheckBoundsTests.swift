import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiChecker
@testable import GongkaiModel

/// `check`'s own input (issue 18, defects 8 and 15): answers given twice, dates read strictly, and date
/// sums that cannot overflow.
@Suite struct CheckBoundsTests {
    static func catalogue() throws -> Catalogue {
        try Pipeline(options: BuildOptions(
            content: TestSupport.fixtures.appending(path: "sites/harbin"), output: URL(filePath: "/nonexistent"),
            theme: TestSupport.defaultTheme)).loadCatalogue()
    }

    @Test func anAnswerGivenTwiceIsAnError() throws {
        let catalogue = try Self.catalogue()
        let matter = try #require(catalogue.matters.first(where: { !$0.situations.isEmpty }))
        let question = try #require(matter.situations.first)
        let (first, second) = (question.options[0], question.options[1])
        #expect(throws: CheckError.repeatedAnswer(question.key, first: first, second: second)) {
            try CheckRequest(matterNumber: matter.number, answers: ["\(question.key)=\(first)", "\(question.key)=\(second)"])
                .run(on: catalogue)
        }
        #expect(throws: CheckError.repeatedAnswer(question.key, first: first, second: first)) {
            try CheckRequest(matterNumber: matter.number, answers: ["\(question.key)=\(first)", "\(question.key) = \(first)"])
                .run(on: catalogue)
        }
        #expect(CheckError.repeatedAnswer("户籍", first: "本市", second: "外省市").description
            == "问题「户籍」有两个不同的回答：「本市」和「外省市」。每个问题只能回答一次，请确认是哪一个")
    }

    @Test(arguments: ["+202-01-01", "-202-01-01", "2025-+1-01", "2025-01- 1", " 2025-01-01", "２０２５-01-01", "2025-02-29", "2025-1-01"])
    func datesAreReadStrictly(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test func aStrictDateStillReads() {
        #expect(CalendarDay("2024-02-29") == CalendarDay(year: 2024, month: 2, day: 29))
    }

    @Test func aTimeLimitPastTheBoundGivesNoDateInsteadOfTrapping() throws {
        let calendar = try Self.catalogue().calendar
        let submitted = try #require(CalendarDay("2025-09-26"))
        for unit in [TimeLimit.Unit.naturalDays, .workingDays] {
            let flow = Flow(steps: [FlowStep(name: "受理", timeLimit: TimeLimit(count: Int.max, unit: unit))])
            let schedule = Schedule(flow: flow, submitted: submitted, calendar: calendar)
            #expect(schedule.completion == nil)
            #expect(!schedule.isCovered)
        }
    }
}
