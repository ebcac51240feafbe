import Foundation
import GongkaiModel

/// The result of `gongkai check --json` (documented in docs/checker.md and the README).
struct CheckReport: Encodable {
    struct MatterRef: Encodable { let number, name: String }
    struct Item: Encodable {
        let number: Int
        let name: String
        let status: MaterialsCheck.Status
        let have: Bool
        let decidedBy: [String]
        let conditionText, details: String?
    }
    struct Open: Encodable { let name: String; let questions: [String] }
    struct ScheduleEntry: Encodable {
        /// `earliest` is true (else absent) for a date after a step without a time limit: not earlier than it.
        struct Step: Encodable { let name: String; let actor, limit, due: String?; let earliest: Bool? }
        let submitted: String
        let covered: Bool
        let message: String?
        let steps: [Step]
        let completion: String?
        let completionEarliest: Bool?
    }

    let matter: MatterRef
    let answers: [String: String]
    /// The questions the page shows, and those of them not answered (docs/checker.md).
    let askedQuestions: [String]
    let unansweredQuestions: [String]
    let materials: [Item]
    let required, missing, notRequired: [String]
    let undetermined: [Open]
    let complete: Bool
    let `where`: ServicePoint
    let schedule: ScheduleEntry?

    init(check: MaterialsCheck, site: Site, schedule: Schedule?) {
        matter = MatterRef(number: check.matter.number, name: check.matter.name)
        answers = check.answers
        askedQuestions = check.askedQuestions.map(\.key)
        unansweredQuestions = check.unansweredQuestions.map(\.key)
        materials = check.items.map { item in
            Item(number: item.number, name: item.material.name, status: item.status, have: item.have,
                 decidedBy: item.decidedBy,
                 conditionText: ConditionWording.text(item.material.condition),
                 details: MaterialDetails.text(item.material))
        }
        required = check.required.map(\.material.name)
        missing = check.missing.map(\.material.name)
        notRequired = check.notRequired.map(\.material.name)
        undetermined = check.undetermined.map { Open(name: $0.material.name, questions: $0.decidedBy) }
        complete = check.isComplete
        self.where = ServicePoint(matter: check.matter, site: site)
        self.schedule = schedule.map { schedule in
            ScheduleEntry(
                submitted: schedule.submitted.description, covered: schedule.isCovered, message: schedule.uncoveredMessage,
                steps: schedule.steps.map {
                    .init(name: $0.step.written, actor: $0.step.actor, limit: $0.step.timeLimit?.description,
                          due: $0.due?.day.description, earliest: $0.due?.isEarliest == true ? true : nil)
                },
                completion: schedule.completion?.day.description,
                completionEarliest: schedule.completion?.isEarliest == true ? true : nil)
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
