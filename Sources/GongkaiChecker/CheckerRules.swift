import Foundation
import GongkaiModel
import GongkaiUtils

/// Where to hand in the materials: shown by the CLI, the page and the printed 一次告知单.
struct ServicePoint: Encodable, Equatable {
    let implementingBody: String
    let place, hours, phone: String?
    let address: String

    init(matter: Matter, site: Site) {
        implementingBody = matter.implementingBody
        place = matter.texts[.place]
        hours = matter.texts[.hours] ?? site.officeHours
        phone = matter.texts[.phone] ?? (matter.contacts + site.contacts).first { $0.kind == .phone }?.value
        address = site.address
    }
}

/// The rules of one matter as data for the page's checker (docs/checker.md): the page evaluates these,
/// never a hand-written copy of the content.
package struct CheckerRules: Encodable {
    struct MatterRef: Encodable { let number, name: String }
    struct Question: Encodable { let key, question: String; let options: [String]; let note: String? }
    struct Clause: Encodable { let question: String; let options: [String] }
    struct MaterialRule: Encodable {
        let number: Int
        let name: String
        let condition: [Clause]
        let conditionText, details: String?
    }
    /// `unit` is `workingDays`, `naturalDays` or `months` (docs/checker.md).
    struct Limit: Encodable {
        let count: Int
        let unit: String

        init(_ limit: TimeLimit) {
            count = limit.count
            unit = switch limit.unit {
            case .workingDays: "workingDays"
            case .naturalDays: "naturalDays"
            case .months: "months"
            }
        }
    }
    struct Step: Encodable { let name: String; let actor: String?; let limit: Limit? }
    package struct Calendar: Encodable, Sendable {
        let years: [Int]
        let holidays, workdays: [String]
        /// The same on every page of a build, so written once; `json` splices it in.
        let json: String

        package init(_ calendar: HolidayCalendar) {
            years = calendar.years.sorted()
            holidays = calendar.holidays.keys.sorted().map(\.description)
            workdays = calendar.workdays.sorted().map(\.description)
            var writer = JSONWriter()
            writer.object { [holidays, workdays, years] json in
                json.member("holidays", strings: holidays)
                json.member("workdays", strings: workdays)
                json.array("years", years) { json, year in json.int(year) }
            }
            json = writer.text
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

    package init(matter: Matter, site: Site, calendar: Calendar) {
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
                 limit: step.timeLimit.map(Limit.init))
        }
        self.calendar = calendar
        self.where = ServicePoint(matter: matter, site: site)
        station = site.name
    }

    /// JSON to place inside `<script type="application/json">`: `<`, `>` and `&` escaped so that no content
    /// can close the element or start markup.
    package var scriptSafeJSON: String { Self.scriptSafe(jsonBytes) }

    /// The same JSON as `Encodable` gives (a test holds the two equal), written without JSONEncoder.
    var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    private var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.object { json in
            json.member("calendar") { json in json.raw(calendar.json) }
            json.array("materials", materials) { json, material in
                json.object { json in
                    json.conditionClauses(material.condition.map { ($0.question, $0.options) })
                    json.member("conditionText", material.conditionText)
                    json.member("details", material.details)
                    json.member("name", material.name)
                    json.member("number", material.number)
                }
            }
            json.object("matter") { json in
                json.member("name", matter.name)
                json.member("number", matter.number)
            }
            json.array("questions", questions) { json, question in
                json.situationQuestion(key: question.key, question: question.question, options: question.options, note: question.note)
            }
            json.member("station", station)
            json.array("steps", steps) { json, step in
                json.object { json in
                    json.member("actor", step.actor)
                    if let limit = step.limit {
                        json.object("limit") { json in
                            json.member("count", limit.count)
                            json.member("unit", limit.unit)
                        }
                    }
                    json.member("name", step.name)
                }
            }
            json.object("where") { json in
                json.member("address", self.where.address)
                json.member("hours", self.where.hours)
                json.member("implementingBody", self.where.implementingBody)
                json.member("phone", self.where.phone)
                json.member("place", self.where.place)
            }
        }
        return json.bytes
    }

    /// Escapes on the JSON's bytes as written, making one String at the end.
    private static func scriptSafe(_ json: [UInt8]) -> String {
        // Nearly always none: three memchr passes rather than a comparison loop over every byte.
        let hasMarkup = json.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            return [UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains { memchr(base, Int32($0), bytes.count) != nil }
        }
        guard hasMarkup else { return String(decoding: json, as: UTF8.self) }
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
