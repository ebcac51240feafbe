import GongkaiModel

/// The check as window staff read it in a terminal.
struct CheckText {
    let check: MaterialsCheck
    let report: CheckReport
    let schedule: Schedule?

    var text: String {
        var lines = ["\(check.matter.number) \(check.matter.name) — 材料自查", ""]
        let open = check.unansweredQuestions
        if !open.isEmpty {
            lines.append("还没回答的问题（用 --answer 键=选项 回答）：")
            for question in open {
                lines.append("  \(question.key)：\(question.question)")
                lines.append("      选项：\(question.options.joined(separator: "、"))")
            }
            lines.append("")
        }
        lines.append("材料清单（✓ 已有，✗ 还缺，? 取决于未回答的问题；--have 可写名称或编号）：")
        for item in check.items where item.status != .notRequired {
            let mark = item.status == .undetermined ? "?" : (item.have ? "✓" : "✗")
            var line = "  \(mark) \(item.number). \(item.material.name)"
            if let details = MaterialDetails.text(item.material) { line += "（\(details)）" }
            if item.status == .undetermined { line += "  —— 取决于：\(item.decidedBy.joined(separator: "、"))" }
            lines.append(line)
            if let note = item.material.note { lines.append("       说明：\(note)") }
        }
        let notRequired = check.notRequired
        if !notRequired.isEmpty {
            lines.append("不需要：" + notRequired.map { "\($0.number). \($0.material.name)" }.joined(separator: "；"))
        }
        lines.append("")
        let missing = check.missing.map(\.material.name)
        lines.append(missing.isEmpty ? "必需的材料已齐全。" : "还缺 \(missing.count) 项：\(missing.joined(separator: "、"))")
        if !check.undetermined.isEmpty {
            // The questions asked now, in 情形 order: the ones after them come once these are answered.
            let keys = check.unansweredQuestions.map(\.key)
            lines.append("还有 \(check.undetermined.count) 项材料要看这些问题的回答：\(keys.joined(separator: "、"))")
        }
        if let schedule { lines += [""] + scheduleLines(schedule) }
        let point = report.where
        lines += ["", "办理：\(point.implementingBody)"]
        if let place = point.place { lines.append("地点：\(place)") }
        lines.append("地址：\(point.address)")
        if let hours = point.hours { lines.append("时间：\(hours)") }
        if let phone = point.phone { lines.append("电话：\(phone)") }
        return lines.joined(separator: "\n")
    }

    private func scheduleLines(_ schedule: Schedule) -> [String] {
        var lines = ["办理时限（\(schedule.submitted) 递交；从次日起算，工作日不含周末和法定节假日、含调休上班日）："]
        if let message = schedule.uncoveredMessage {
            // Window staff need to know where a year comes from, not only that it is missing.
            return lines + ["  \(message)",
                            "  全国节假日日历随 gongkai 提供；国务院公布新一年的安排而 gongkai 还没更新时，"
                                + "可在内容文件夹里加 calendar/<年>.yaml（写法见 README 的“日历”）。"]
        }
        if !schedule.steps.contains(where: { $0.step.timeLimit != nil }) {
            return lines + ["  这个事项的运行流程没有写时限，无法推算日期。"]
        }
        // A step's 时限 goes with its name, its date (or 没有规定时限, never both) after it; a date after a
        // step without a time limit is the earliest it can be.
        for entry in schedule.steps {
            let who = [entry.step.actor, entry.step.timeLimit?.description].compactMap { $0 }.joined(separator: "，")
            let label = who.isEmpty ? entry.step.written : "\(entry.step.written)（\(who)）"
            lines.append("  \(label)  \(entry.due?.description ?? "没有规定时限")")
        }
        if let completion = schedule.completion {
            lines.append("  预计办结：\(completion)" + (completion.isEarliest ? "（有的步骤没有规定时限）" : ""))
        }
        return lines
    }
}
