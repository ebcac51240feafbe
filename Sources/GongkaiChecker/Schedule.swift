import GongkaiModel

/// The expected date of each step of a matter's 运行流程 and of the whole matter, for a submission date.
///
/// Counting starts the day after submission. 工作日 skip weekends and statutory holidays and count make-up
/// working days; a 自然日 period whose last day is not a working day ends on the next working day
/// (民法典 第二百零三条). A date the calendar does not cover is never guessed.
public struct Schedule: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let step: FlowStep
        /// Nil for a step without a time limit and every step after it.
        public let due: CalendarDay?
    }

    public let submitted: CalendarDay
    public let steps: [Step]
    /// False when some day the computation needed lies outside the calendar's years: then no step has a date.
    public let isCovered: Bool
    public let coveredYears: [Int]

    /// The last step's date, when every step has one.
    public var completion: CalendarDay? {
        guard isCovered, let last = steps.last, steps.allSatisfy({ $0.due != nil }) else { return nil }
        return last.due
    }

    public init(flow: Flow, submitted: CalendarDay, calendar: HolidayCalendar) {
        self.submitted = submitted
        self.coveredYears = calendar.years.sorted()
        var dates: [CalendarDay?] = []
        var current: CalendarDay? = submitted
        var covered = calendar.covers(submitted)
        for step in flow.steps {
            guard covered, let start = current, let limit = step.timeLimit else {
                current = nil
                dates.append(nil)
                continue
            }
            let due = Self.due(after: start, limit: limit, calendar: calendar)
            if due == nil { covered = false }
            current = due
            dates.append(due)
        }
        self.isCovered = covered
        self.steps = zip(flow.steps, dates).map { Step(step: $0, due: covered ? $1 : nil) }
    }

    static func due(after start: CalendarDay, limit: TimeLimit, calendar: HolidayCalendar) -> CalendarDay? {
        // Content is held to these by lint; a `TimeLimit` made in code past them would overflow the date sum.
        guard ContentLimits.days(limit.unit).contains(limit.days) else { return nil }
        switch limit.unit {
        case .workingDays:
            var day = start
            var counted = 0
            while counted < limit.days {
                day = day.adding(days: 1)
                guard let working = calendar.isWorkingDay(day) else { return nil }
                if working { counted += 1 }
            }
            return day
        case .naturalDays:
            var day = start.adding(days: limit.days)
            while true {
                guard let working = calendar.isWorkingDay(day) else { return nil }
                if working { return day }
                day = day.adding(days: 1)
            }
        }
    }

    /// "日历数据未覆盖" with the years that are, worded as the page words it.
    public var uncoveredMessage: String? {
        guard !isCovered else { return nil }
        guard let first = coveredYears.first, let last = coveredYears.last else {
            return "日历数据未覆盖（还没有节假日日历），无法推算日期。"
        }
        let contiguous = last - first == coveredYears.count - 1
        let years = coveredYears.count > 1 && contiguous
            ? "\(first)—\(last)" : coveredYears.map(String.init).joined(separator: "、")
        return "日历数据未覆盖（已有 \(years) 年），无法推算日期。"
    }
}
