import Foundation

/// Where to hand in the materials: shown by the CLI, the page and the printed 一次告知单.
struct ServicePoint: Encodable, Equatable {
    let implementingBody: String
    let place, hours, phone: String?
    let address: String

    init(matter: Matter, site: Site) {
        implementingBody = matter.implementingBody
        place = matter.guide.place
        hours = matter.guide.hours ?? site.officeHours
        phone = matter.guide.phone ?? (matter.contacts + site.contacts).first { $0.kind == .phone }?.value
        address = site.address
    }
}

/// The rules of one matter as data for the page's checker (docs/checker.md): the page evaluates these,
/// never a hand-written copy of the content.
struct CheckerRules: Encodable {
    struct MatterRef: Encodable { let number, name: String }
    struct Question: Encodable { let key, question: String; let options: [String]; let note: String? }
    struct Clause: Encodable { let question: String; let options: [String] }
    struct MaterialRule: Encodable {
        let number: Int
        let name: String
        let condition: [Clause]
        let conditionText, details: String?
    }
    struct Limit: Encodable { let days: Int; let unit: String }
    struct Step: Encodable { let name: String; let actor: String?; let limit: Limit? }
    struct Calendar: Encodable, Sendable {
        let years: [Int]
        let holidays, workdays: [String]
        /// The same on every page of a build, so written once; `jsonValue` splices it in.
        let json: String

        init(_ calendar: HolidayCalendar) {
            years = calendar.years.sorted()
            holidays = calendar.holidays.keys.sorted().map(\.description)
            workdays = calendar.workdays.sorted().map(\.description)
            json = JSONValue.object([
                "holidays": .strings(holidays), "workdays": .strings(workdays), "years": .array(years.map(JSONValue.int)),
            ]).text
        }

        private enum CodingKeys: String, CodingKey {
            case years, holidays, workdays
        }
    }

    let matter: MatterRef
    let questions: [Question]
    let materials: [MaterialRule]
    let steps: [Step]
    let calendar: Calendar
    let `where`: ServicePoint
    let station: String

    init(matter: Matter, site: Site, calendar: Calendar) {
        self.matter = MatterRef(number: matter.number, name: matter.name)
        questions = matter.situations.map { Question(key: $0.key, question: $0.question, options: $0.options, note: $0.note) }
        materials = matter.materials.enumerated().map { index, material in
            MaterialRule(
                number: index + 1, name: material.name,
                condition: material.condition.clauses.map { Clause(question: $0.questionKey, options: $0.options) },
                conditionText: ConditionWording.text(material.condition),
                details: MaterialDetails.text(material))
        }
        steps = matter.flow.steps.map { step in
            Step(name: step.written, actor: step.actor,
                 limit: step.timeLimit.map { Limit(days: $0.days, unit: $0.unit == .workingDays ? "workingDays" : "naturalDays") })
        }
        self.calendar = calendar
        self.where = ServicePoint(matter: matter, site: site)
        station = site.name
    }

    /// JSON to place inside `<script type="application/json">`: `<`, `>` and `&` escaped so that no content
    /// can close the element or start markup.
    var scriptSafeJSON: String {
        var json: [UInt8] = []
        json.reserveCapacity(4096)
        jsonValue.write(into: &json)
        return Self.scriptSafe(json)
    }

    /// The same JSON as `Encodable` gives (a test holds the two equal), built without JSONEncoder.
    var jsonValue: JSONValue {
        .object([
            "calendar": .raw(calendar.json),
            "materials": .array(materials.map { material in
                .object([
                    "condition": .array(material.condition.map { .object(["options": .strings($0.options), "question": .string($0.question)]) }),
                    "conditionText": .optional(material.conditionText), "details": .optional(material.details),
                    "name": .string(material.name), "number": .int(material.number),
                ])
            }),
            "matter": .object(["name": .string(matter.name), "number": .string(matter.number)]),
            "questions": .array(questions.map { question in
                .object(["key": .string(question.key), "note": .optional(question.note),
                         "options": .strings(question.options), "question": .string(question.question)])
            }),
            "station": .string(station),
            "steps": .array(steps.map { step in
                .object(["actor": .optional(step.actor),
                         "limit": step.limit.map { .object(["days": .int($0.days), "unit": .string($0.unit)]) },
                         "name": .string(step.name)])
            }),
            "where": .object([
                "address": .string(self.where.address), "hours": .optional(self.where.hours),
                "implementingBody": .string(self.where.implementingBody), "phone": .optional(self.where.phone),
                "place": .optional(self.where.place),
            ]),
        ])
    }

    /// Escapes on the JSON's bytes as written, making one String at the end.
    private static func scriptSafe(_ json: [UInt8]) -> String {
        let isMarkup = { (byte: UInt8) in byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") }
        guard json.contains(where: isMarkup) else { return String(decoding: json, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.count + 32)
        for byte in json {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "\\u0026".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "\\u003c".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "\\u003e".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// 原件/复印件, 份数 and 来源 of a material in one phrase; nil when none is given.
enum MaterialDetails {
    static func text(_ material: Material) -> String? {
        let parts = [material.form, material.copies.map { "\($0)份" }, material.source.map { "来源：\($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "；")
    }
}
