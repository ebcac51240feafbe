import GongkaiModel

/// What an applicant must bring for a matter, given their answers to its 情形 questions and the materials
/// they already have. The page runs the same rules (assets/checker.js over the JSON the build emits);
/// the shared case table proves the two agree.
public struct MaterialsCheck: Sendable {
    public enum Status: String, Sendable, Codable {
        case required, notRequired, undetermined
    }

    public struct Item: Sendable, Equatable {
        /// Position in the matter's 运行要件, from 1: what `--have 3` refers to.
        public let number: Int
        public let material: Material
        public let status: Status
        public let have: Bool
        /// For an undetermined material: the unanswered questions that decide it, in 情形 order (the first is
        /// the one asked now).
        public let decidedBy: [String]

        public var isMissing: Bool { status == .required && !have }
    }

    public let matter: Matter
    public let answers: [String: String]
    public let items: [Item]

    public var required: [Item] { items.filter { $0.status == .required } }
    public var missing: [Item] { items.filter(\.isMissing) }
    public var undetermined: [Item] { items.filter { $0.status == .undetermined } }
    public var notRequired: [Item] { items.filter { $0.status == .notRequired } }
    /// The questions to ask, in 情形 order: those whose answer can still change the list (docs/checker.md).
    /// An undetermined material asks the first of its open questions in 情形 order, so questions come one step
    /// at a time (病退人员 waits until 认定类别 says it concerns the applicant); an answered question stays
    /// while a material that depends on it is not ruled out by another answer, so it can be changed. A
    /// question that no longer matters (after 单亲家庭人员, 病退人员) is not asked. The page shows these.
    public var askedQuestions: [Situation] {
        var asked = Set<String>()
        for item in items {
            if let next = item.decidedBy.first { asked.insert(next) }
            let clauses = item.material.condition.clauses
            for clause in clauses where answers[clause.questionKey] != nil {
                let othersHold = clauses.allSatisfy { other in
                    other.questionKey == clause.questionKey || answers[other.questionKey].map(other.options.contains) ?? true
                }
                if othersHold { asked.insert(clause.questionKey) }
            }
        }
        return matter.situations.filter { asked.contains($0.key) }
    }

    /// The asked questions not yet answered: what the page counts as 「还有 N 个问题未回答」.
    public var unansweredQuestions: [Situation] {
        askedQuestions.filter { answers[$0.key] == nil }
    }

    /// Nothing missing and nothing left to decide.
    public var isComplete: Bool { missing.isEmpty && undetermined.isEmpty }

    /// Answers naming an unknown question or option, or materials the matter does not list, are errors that
    /// name what is valid.
    public init(matter: Matter, answers: [String: String], haves: Set<String>) throws(CheckError) {
        for (key, option) in answers.sorted(by: { $0.key < $1.key }) {
            guard let question = matter.situations.first(where: { $0.key == key }) else {
                throw .unknownQuestion(key, valid: matter.situations.map(\.key))
            }
            guard question.options.contains(option) else {
                throw .unknownOption(option, question: key, valid: question.options)
            }
        }
        let names = matter.materials.map(\.name)
        for have in haves.sorted() where !names.contains(have) {
            throw .unknownMaterial(have, valid: names)
        }
        self.matter = matter
        self.answers = answers
        let order = Dictionary(matter.situations.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.items = matter.materials.enumerated().map { index, material in
            let (status, open) = Self.evaluate(material.condition, answers: answers)
            let decidedBy = status == .undetermined ? open.sorted { order[$0, default: .max] < order[$1, default: .max] } : []
            return Item(number: index + 1, material: material, status: status, have: haves.contains(material.name),
                        decidedBy: decidedBy)
        }
    }

    /// Any clause contradicted → not required; all hold → required; otherwise undetermined, with the
    /// questions of the clauses still open.
    static func evaluate(_ condition: Condition, answers: [String: String]) -> (Status, open: [String]) {
        var open: [String] = []
        for clause in condition.clauses {
            guard let answer = answers[clause.questionKey] else {
                open.append(clause.questionKey)
                continue
            }
            if !clause.options.contains(answer) { return (.notRequired, []) }
        }
        return open.isEmpty ? (.required, []) : (.undetermined, open)
    }
}

public enum CheckError: Error, Equatable, CustomStringConvertible {
    case unknownMatter(String, valid: [String])
    case unknownQuestion(String, valid: [String])
    case unknownOption(String, question: String, valid: [String])
    case unknownMaterial(String, valid: [String])
    case ambiguousMaterial(String, candidates: [String])
    case badAnswer(String)
    case badDate(String)
    case repeatedAnswer(String, first: String, second: String)

    /// The names sharing the most characters with `name` (at least two, or half of it), best first.
    static func closest(to name: String, among names: [String]) -> [String] {
        let wanted = Set(name)
        let scored = names.map { candidate in (candidate, Set(candidate).intersection(wanted).count) }
        guard let best = scored.map(\.1).max(), best >= min(2, wanted.count), best * 2 >= wanted.count else { return [] }
        return scored.filter { $0.1 == best }.map(\.0).prefix(3).map { $0 }
    }

    public var description: String {
        func list(_ values: [String]) -> String { values.isEmpty ? "（无）" : values.joined(separator: "、") }
        switch self {
        case .unknownMatter(let number, let valid):
            return "没有序号为「\(number)」的事项。现有事项：\(list(valid))"
        case .unknownQuestion(let key, let valid):
            return "这个事项没有「\(key)」这个问题。可回答的问题：\(list(valid))"
        case .unknownOption(let option, let question, let valid):
            return "「\(question)」没有选项「\(option)」。可选：\(list(valid))"
        case .unknownMaterial(let name, let valid):
            let closest = Self.closest(to: name, among: valid)
            let suggestion = closest.isEmpty ? "" : "是否想写「\(closest.joined(separator: "」或「"))」？"
            return "这个事项没有材料「\(name)」。\(suggestion)材料有：\(list(valid))（也可以写材料的编号）"
        case .ambiguousMaterial(let name, let candidates):
            return "「\(name)」是几项材料的一部分：\(list(candidates))。请写全名，或写材料的编号"
        case .badAnswer(let text):
            return "回答「\(text)」应写成 问题=选项，例如 --answer 认定类别=低保家庭人员"
        case .badDate(let text):
            return "日期「\(text)」应写成 年-月-日（四位年、两位月、两位日，一个真实的日期），例如 --submitted 2025-09-26"
        case .repeatedAnswer(let key, let first, let second) where first == second:
            return "问题「\(key)」回答了两次（都是「\(first)」）：每个问题只写一次 --answer \(key)=\(first)"
        case .repeatedAnswer(let key, let first, let second):
            return "问题「\(key)」有两个不同的回答：「\(first)」和「\(second)」。每个问题只能回答一次，请确认是哪一个"
        }
    }
}
