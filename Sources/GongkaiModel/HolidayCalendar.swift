/// A calendar date without time or time zone: what a deadline in 工作日 is counted in.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.length(ofMonth: month, in: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD` strictly: four, two and two ASCII digits (no sign, no spaces), a real date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, parts[2].utf8.count == 2,
              parts.allSatisfy(\.isASCIIDigits),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), so adding days needs no time zone.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// The day of the month `months` later that corresponds to this one, or that month's last day when it is
    /// shorter (民法典 第二百零二条: 2025-01-31 and one month is 2025-02-28).
    public func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        // A valid date by construction: the month is 1…12 and the day at most its length.
        return CalendarDay(year: newYear, month: newMonth, day: min(day, Self.length(ofMonth: newMonth, in: newYear)))!
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Statutory holidays and make-up working days (调休) per year, from the State Council's notices
/// (content/calendar/<year>.yaml). Only the years it has are known: outside them nothing is guessed.
public struct HolidayCalendar: Sendable, Equatable {
    public var years: Set<Int>
    /// Days off, with their holiday's name.
    public var holidays: [CalendarDay: String]
    /// Weekend days that are working days.
    public var workdays: Set<CalendarDay>

    public init(years: Set<Int> = [], holidays: [CalendarDay: String] = [:], workdays: Set<CalendarDay> = []) {
        self.years = years
        self.holidays = holidays
        self.workdays = workdays
    }

    public func covers(_ day: CalendarDay) -> Bool { years.contains(day.year) }

    /// Nil when the day's year is not covered.
    public func isWorkingDay(_ day: CalendarDay) -> Bool? {
        guard covers(day) else { return nil }
        if workdays.contains(day) { return true }
        if holidays[day] != nil { return false }
        return day.weekday <= 5
    }
}
