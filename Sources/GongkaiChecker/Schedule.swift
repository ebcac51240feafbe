import GongkaiModel

/// The expected date of each step of a matter's 运行流程 and of the whole matter, for a submission date.
///
/// Counting starts the day after submission (民法典 第二百零一条). 工作日 skip weekends and statutory holidays
/// and count make-up working days; N 个月 end on the day of the Nth month that corresponds to the start, or
/// that month's last day when it has none (第二百零二条); a 自然日 or 个月 period whose last day is not a
/// working day ends on the next working day (第二百零三条). A step without a time limit may take any time: the
/// steps after it are dated as if it took none, and those dates are the earliest they can be (「不早于」). A
/// date the calendar does not cover is never guessed.
public struct Schedule: Sendable, Equatable {
    /// A step's date: when it is due, or, after a step without a time limit, the earliest it can be due.
    public struct Due: Sendable, Equatable, CustomStringConvertible {
        public let day: CalendarDay
        public let isEarliest: Bool

        public var description: String { isEarliest ? "不早于 \(day)" : day.description }
    }

    public struct Step: Sendable, Equatable {
        public let step: FlowStep
        /// Nil for a step without a time limit (and for every step when the calendar does not cover the dates).
        public let due: Due?
    }

    public let submitted: CalendarDay
    public let steps: [Step]
    /// False when some day the computation needed lies outside the calendar's years: then no step has a date.
    public let isCovered: Bool
    public let coveredYears: [Int]
    /// When the matter is done: the last step's date, or when the last steps have no time limit, the earliest
    /// it can be. Nil when no step has a time limit or the calendar does not cover the dates.
    public let completion: Due?

    public init(flow: Flow, submitted: CalendarDay, calendar: HolidayCalendar) {
        self.submitted = submitted
        self.coveredYears = calendar.years.sorted()
        var dues: [Due?] = []
        var current = submitted
        var afterOpenStep = false
        var covered = calendar.covers(submitted)
        for step in flow.steps {
            guard covered else { break }
            guard let limit = step.timeLimit else {
                afterOpenStep = true
                dues.append(nil)
                continue
            }
            guard let due = Self.due(after: current, limit: limit, calendar: calendar) else {
                covered = false
                break
            }
            current = due
            dues.append(Due(day: due, isEarliest: afterOpenStep))
        }
        self.isCovered = covered
        self.steps = flow.steps.enumerated().map { Step(step: $1, due: covered ? dues[$0] : nil) }
        let anyLimit = flow.steps.contains { $0.timeLimit != nil }
        self.completion = covered && anyLimit ? Due(day: current, isEarliest: afterOpenStep) : nil
    }

    static func due(after start: CalendarDay, limit: TimeLimit, calendar: HolidayCalendar) -> CalendarDay? {
        // Content is held to these by lint; a `TimeLimit` made in code past them would overflow the date sum.
        guard ContentLimits.timeLimit(limit.unit).contains(limit.count) else { return nil }
        // A count of 0 is 当场 (`TimeLimit.description` says so for every unit): due the day the step starts.
        guard limit.count > 0 else { return start }
        switch limit.unit {
        case .workingDays:
            var day = start
            var counted = 0
            while counted < limit.count {
                day = day.adding(days: 1)
                guard let working = calendar.isWorkingDay(day) else { return nil }
                if working { counted += 1 }
            }
            return day
        case .naturalDays:
            return nextWorkingDay(from: start.adding(days: limit.count), calendar: calendar)
        case .months:
            return nextWorkingDay(from: start.adding(months: limit.count), calendar: calendar)
        }
    }

    /// The day itself if it is a working day, else the first working day after it (民法典 第二百零三条).
    static func nextWorkingDay(from start: CalendarDay, calendar: HolidayCalendar) -> CalendarDay? {
        var day = start
        while true {
            guard let working = calendar.isWorkingDay(day) else { return nil }
            if working { return day }
            day = day.adding(days: 1)
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
