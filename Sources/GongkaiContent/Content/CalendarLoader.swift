import Foundation
import GongkaiModel

/// Reads content/calendar/<year>.yaml files into one `HolidayCalendar`.
struct CalendarLoader {
    static let keys = ["年份", "放假", "调休上班"]
    let log: ProblemLog

    func load(_ sources: [SourceFile]) -> HolidayCalendar {
        var calendar = HolidayCalendar()
        for source in sources { read(source, into: &calendar) }
        return calendar
    }

    private func read(_ source: SourceFile, into calendar: inout HolidayCalendar) {
        guard let root = YAMLText.root(of: source, log: log),
              let record = root.record(known: Self.keys, required: ["年份", "放假", "调休上班"]),
              let yearField = record["年份"], let yearText = yearField.text() else { return }
        let years = ContentLimits.calendarYears
        guard yearText.isASCIIDigits, yearText.utf8.count == 4, let year = Int(yearText), years.contains(year) else {
            yearField.report(
                "年份应为四位数字（\(years.lowerBound)—\(years.upperBound)），这里是「\(yearText)」", hint: "例如 年份: 2025")
            return
        }
        let fileName = source.path.split(separator: "/").last.map(String.init) ?? ""
        if fileName != "\(year).yaml" {
            yearField.report("文件名「\(fileName)」与年份 \(year) 不一致", hint: "把文件改名为 \(year).yaml")
            return
        }
        if calendar.years.contains(year) {
            yearField.report("\(year) 年的日历重复")
            return
        }
        calendar.years.insert(year)
        for holiday in record["放假"]?.list() ?? [] {
            guard let entry = holiday.record(known: ["名称", "日期"], required: ["名称", "日期"]),
                  let name = entry.text("名称"), let dates = entry["日期"]?.list() else { continue }
            for day in dates.compactMap({ date($0, in: year) }) { calendar.holidays[day] = name }
        }
        // A year without make-up days writes 调休上班: [].
        if let field = record["调休上班"], !field.isEmptySequence {
            for item in field.list() ?? [] {
                guard let day = date(item, in: year) else { continue }
                // Which one the notice meant cannot be guessed, and a deadline counted either way would be wrong.
                if let holiday = calendar.holidays[day] {
                    item.report(
                        "日期 \(day) 既是放假（\(holiday)）又是调休上班",
                        hint: "一天只能是其中之一：对照国务院办公厅的放假通知，删去写错的那一处")
                    continue
                }
                calendar.workdays.insert(day)
            }
        }
    }

    private func date(_ field: YAMLField, in year: Int) -> CalendarDay? {
        guard let text = field.text() else { return nil }
        guard let day = CalendarDay(text) else {
            field.report("看不懂的日期「\(text)」", hint: "写成 2025-10-01 这样的年-月-日")
            return nil
        }
        guard day.year == year else {
            field.report("日期 \(text) 不在 \(year) 年", hint: "每年的日期写在那一年的文件里")
            return nil
        }
        return day
    }
}
