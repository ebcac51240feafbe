import GongkaiModel

/// `gongkai check` as a library call: parses the command's words against the catalogue, runs the check,
/// and gives the answer as text for window staff or JSON for scripts.
public struct CheckRequest: Sendable {
    public var matterNumber: String
    /// `键=选项` as typed.
    public var answers: [String]
    /// Material names, or their numbers in the matter's list.
    public var haves: [String]
    /// `YYYY-MM-DD`.
    public var submitted: String?

    public init(matterNumber: String, answers: [String] = [], haves: [String] = [], submitted: String? = nil) {
        self.matterNumber = matterNumber
        self.answers = answers
        self.haves = haves
        self.submitted = submitted
    }

    public struct Outcome: Sendable {
        public let text: String
        public let json: String
        public let isComplete: Bool
    }

    /// The material `have` names, as the page's list would find it: its number, its exact name, or a part of
    /// one name only (「居住证」 for 「北京市居住证」). Several names holding it is an error listing them;
    /// none, an error suggesting the closest.
    static func material(_ have: String, among names: [String]) throws(CheckError) -> String {
        if let number = Int(have), names.indices.contains(number - 1) { return names[number - 1] }
        if names.contains(have) { return have }
        let holding = names.filter { $0.contains(have) }
        if holding.count == 1 { return holding[0] }
        if holding.count > 1 { throw .ambiguousMaterial(have, candidates: holding) }
        throw .unknownMaterial(have, valid: names)
    }

    public func run(on catalogue: Catalogue) throws(CheckError) -> Outcome {
        guard let matter = catalogue.matters.first(where: { $0.number == matterNumber }) else {
            throw .unknownMatter(matterNumber, valid: catalogue.matters.map(\.number))
        }
        var answerMap: [String: String] = [:]
        for answer in answers {
            let parts = answer.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .badAnswer(answer) }
            // A second answer to the same question is an error even when it agrees: the last one silently
            // winning would hide a typing mistake at the window.
            if let first = answerMap[parts[0]] { throw .repeatedAnswer(parts[0], first: first, second: parts[1]) }
            answerMap[parts[0]] = parts[1]
        }
        let names = matter.materials.map(\.name)
        var haveNames = Set<String>()
        for have in haves { haveNames.insert(try Self.material(have, among: names)) }
        var schedule: Schedule?
        if let submitted {
            guard let day = CalendarDay(submitted) else { throw .badDate(submitted) }
            schedule = Schedule(flow: matter.flow, submitted: day, calendar: catalogue.calendar)
        }
        let check = try MaterialsCheck(matter: matter, answers: answerMap, haves: haveNames)
        let report = CheckReport(check: check, site: catalogue.site, schedule: schedule)
        return Outcome(
            text: CheckText(check: check, report: report, schedule: schedule).text, json: report.json,
            isComplete: check.isComplete)
    }
}
