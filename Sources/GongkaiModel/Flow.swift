import Foundation

/// 运行流程: the steps of a matter in order.
public struct Flow: Sendable, Equatable {
    public var steps: [FlowStep]

    public init(steps: [FlowStep]) {
        self.steps = steps
    }

    /// The one-line form of the 信息表, e.g. `（受理）—审核—决定—下达`.
    public static let separator: Character = "—"

    /// Dashes that look like the separator but are not: a step containing one was almost surely meant as two.
    public static let lookalikeSeparators: Set<Character> = ["-", "－", "–"]

    /// Reads the one-line form; an empty step (two dashes in a row) gives nil.
    public static func parse(line: String) -> Flow? {
        let parts = line.split(separator: separator, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.contains(where: \.isEmpty) else { return nil }
        return Flow(steps: parts.map(FlowStep.init(written:)))
    }

    /// Writes the one-line form back: `parse(line:)` then `line` gives the text it was read from.
    public var line: String {
        steps.map(\.written).joined(separator: String(Self.separator))
    }
}

/// One step of 运行流程.
public struct FlowStep: Sendable, Equatable {
    public var name: String
    /// Written in brackets, as （受理） in the 信息表: a step the 信息表 shows as implied.
    public var isBracketed: Bool
    /// Who acts: 社区, 街道, 区 ….
    public var actor: String?
    public var timeLimit: TimeLimit?
    public var note: String?

    public init(
        name: String, isBracketed: Bool = false, actor: String? = nil, timeLimit: TimeLimit? = nil,
        note: String? = nil
    ) {
        self.name = name
        self.isBracketed = isBracketed
        self.actor = actor
        self.timeLimit = timeLimit
        self.note = note
    }

    /// A step as written in the one-line form; （…） or (…) around the whole step marks it bracketed.
    public init(written: String) {
        let brackets: [(Character, Character)] = [("（", "）"), ("(", ")")]
        for (open, close) in brackets where written.first == open && written.last == close && written.count > 2 {
            self.init(name: String(written.dropFirst().dropLast()), isBracketed: true)
            return
        }
        self.init(name: written)
    }

    public var written: String {
        isBracketed ? "（\(name)）" : name
    }
}

/// A step's time limit: so many 工作日 (working days), 自然日 (calendar days) or 个月 (months, counted as
/// 民法典 第二百零二条 says: the due month's day corresponding to the day of submission).
public struct TimeLimit: Sendable, Equatable {
    public enum Unit: String, Sendable {
        case workingDays = "工作日"
        case naturalDays = "自然日"
        case months = "月"
    }

    /// How many of the unit: days, or months.
    public var count: Int
    public var unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// Reads `2个工作日`, `2工作日`, `3个自然日`, `3天`, `3日` (the last two are 自然日), `1个月`, `0个工作日`, and
    /// the words real 运行流程 use for a step done on the spot — 当场, 即时, 即办, 即时办结, 当场办结 — as 0 工作日.
    /// `3月` is not read: it is also how March is written.
    public static func parse(_ text: String) -> TimeLimit? {
        if onTheSpot.contains(text.filter { !$0.isWhitespace }) { return TimeLimit(count: 0, unit: .workingDays) }
        return parsePlainlyWritten(text) ?? parseByCharacters(text)
    }

    static let onTheSpot: Set<String> = ["当场", "即时", "即办", "即时办结", "当场办结", "当场办理", "即时办理"]

    /// The definition: spaces of any kind dropped, ASCII digits, 个 or not, the unit (个 required before 月).
    static func parseByCharacters(_ text: String) -> TimeLimit? {
        var rest = Substring(text.filter { !$0.isWhitespace })
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard let count = Int(digits), count >= 0 else { return nil }
        rest = rest.dropFirst(digits.count)
        if rest == "个月" { return TimeLimit(count: count, unit: .months) }
        if rest.hasPrefix("个") { rest = rest.dropFirst() }
        switch rest {
        case "工作日": return TimeLimit(count: count, unit: .workingDays)
        case "自然日", "天", "日": return TimeLimit(count: count, unit: .naturalDays)
        default: return nil
        }
    }

    /// `2个工作日`, `1个月`; a step of no days is 当场 (the schedule dates it the day it starts).
    public var description: String { count == 0 ? "当场" : "\(count)个\(unit.rawValue)" }

    /// The usual spelling — digits, 个 or not, a unit, nothing else — read from the bytes; nil for anything
    /// else, which `parse` reads character by character (spaces anywhere, full-width digits …). Every
    /// step of a flow has a time limit, and filtering each by Character was a percent of a build.
    private static func parsePlainlyWritten(_ text: String) -> TimeLimit? {
        var text = text
        return text.withUTF8 { bytes -> TimeLimit? in
            var index = 0
            var count = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times10, overflow1) = count.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                count = sum
                index += 1
            }
            guard index > 0 else { return nil }
            var unit = UnsafeBufferPointer(rebasing: bytes[index...])
            if unit.elementsEqual("个月".utf8) { return TimeLimit(count: count, unit: .months) }
            if unit.starts(with: "个".utf8) { unit = UnsafeBufferPointer(rebasing: unit[3...]) }
            if unit.elementsEqual("工作日".utf8) { return TimeLimit(count: count, unit: .workingDays) }
            if unit.elementsEqual("自然日".utf8) || unit.elementsEqual("天".utf8) || unit.elementsEqual("日".utf8) {
                return TimeLimit(count: count, unit: .naturalDays)
            }
            return nil
        }
    }
}
