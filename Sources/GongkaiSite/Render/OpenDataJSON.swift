import GongkaiModel
import GongkaiUtils

/// catalogue.json written by hand: JSONEncoder was slow on a large catalogue, on one core (docs/performance.md),
/// and the preview server writes this file after every save. The `Encodable` types in OpenData.swift stay the
/// schema; a test holds this output byte-identical to JSONEncoder's. Keys in sorted order.
extension OpenData {
    static func jsonBytes(for catalogue: Catalogue) -> [UInt8] {
        let document = Document(catalogue)
        let site = document.site
        var json = JSONWriter(pretty: true, capacity: SiteOutputs.expectedSize(perMatter: catalogue.matters.count))
        json.object { json in
            json.array("duties", document.duties) { json, duty in
                json.object { json in
                    json.member("matters", strings: duty.matters)
                    json.member("name", duty.name)
                    json.member("number", duty.number)
                }
            }
            json.array("matters", document.matters) { json, matter in matter.write(into: &json) }
            json.array("policies", document.policies) { json, policy in
                json.object { json in
                    json.member("body", policy.body)
                    json.member("slug", policy.slug)
                    json.member("title", policy.title)
                    json.member("url", policy.url)
                }
            }
            json.member("schemaVersion", document.schemaVersion)
            json.object("site") { json in
                json.member("address", site.address)
                json.member("baseURL", site.baseURL)
                json.array("contacts", site.contacts) { json, contact in contact.write(into: &json) }
                json.member("edition", site.edition)
                json.member("implementingBody", site.implementingBody)
                json.member("language", site.language)
                json.member("name", site.name)
                json.member("officeHours", site.officeHours)
                json.member("title", site.title)
            }
        }
        return json.bytes
    }
}

extension OpenData.ContactEntry {
    func write(into json: inout JSONWriter) {
        json.object { json in
            json.member("label", label)
            json.member("value", value)
        }
    }
}

extension OpenData.MatterEntry {
    /// The matter's members in sorted order: the fixed ones and the schema's text fields outside `guide`.
    private enum Member {
        case body, boundary, contacts, duty, flow, guide, implementingBody, legalBasis, materials, name, number
        case responsibilities, situations, url
        case text(String)

        static let sorted: [Member] = {
            let fixed: [(String, Member)] = [
                ("body", .body), ("boundary", .boundary), ("contacts", .contacts), ("duty", .duty), ("flow", .flow),
                ("guide", .guide), ("implementingBody", .implementingBody), ("legalBasis", .legalBasis),
                ("materials", .materials), ("name", .name), ("number", .number), ("responsibilities", .responsibilities),
                ("situations", .situations), ("url", .url),
            ]
            let texts = MatterSchema.textFields.filter { $0.section != .guide }.map { ($0.id, Member.text($0.id)) }
            return (fixed + texts).sorted { $0.0 < $1.0 }.map(\.1)
        }()

        /// The 办事指南 fields' ids, sorted: the members of `guide`.
        static let guideIDs = MatterSchema.textFields.filter { $0.section == .guide }.map(\.id).sorted()
    }

    func write(into json: inout JSONWriter) {
        json.object { json in
            for member in Member.sorted { write(member, into: &json) }
        }
    }

    private func write(_ member: Member, into json: inout JSONWriter) {
        switch member {
        case .body:
            json.member("body", body)
        case .boundary:
            json.object("boundary") { json in
                json.member("isSequence", boundary.isSequence)
                json.member("levels", strings: boundary.levels)
            }
        case .contacts:
            json.array("contacts", contacts) { json, contact in contact.write(into: &json) }
        case .duty:
            json.member("duty", duty)
        case .flow:
            json.object("flow") { json in
                json.member("line", flow.line)
                json.array("steps", flow.steps) { json, step in Self.write(step, into: &json) }
            }
        case .guide:
            json.object("guide") { json in
                for id in Member.guideIDs { json.member(id, guide[id]) }
            }
        case .implementingBody:
            json.member("implementingBody", implementingBody)
        case .legalBasis:
            json.array("legalBasis", legalBasis) { json, basis in
                json.object { json in
                    json.member("reference", basis.reference)
                    json.member("text", basis.text)
                }
            }
        case .materials:
            json.array("materials", materials) { json, material in Self.write(material, into: &json) }
        case .name:
            json.member("name", name)
        case .number:
            json.member("number", number)
        case .responsibilities:
            json.member("responsibilities", strings: responsibilities)
        case .situations:
            json.array("situations", situations) { json, question in
                json.situationQuestion(key: question.key, question: question.question, options: question.options, note: question.note)
            }
        case .url:
            json.member("url", url)
        case .text(let id):
            json.member(id, texts[id])
        }
    }

    private static func write(_ step: Step, into json: inout JSONWriter) {
        json.object { json in
            json.member("actor", step.actor)
            json.member("bracketed", step.bracketed)
            json.member("name", step.name)
            json.member("note", step.note)
            if let limit = step.timeLimit {
                json.object("timeLimit") { json in
                    json.member("count", limit.count)
                    json.member("unit", limit.unit)
                }
            }
        }
    }

    private static func write(_ material: MaterialEntry, into json: inout JSONWriter) {
        json.object { json in
            json.member("blankForm", material.blankForm)
            json.conditionClauses(material.condition.map { ($0.question, $0.options) })
            json.member("conditionText", material.conditionText)
            json.member("copies", material.copies)
            json.member("form", material.form)
            json.member("name", material.name)
            json.member("note", material.note)
            json.member("sampleForm", material.sampleForm)
            json.member("source", material.source)
        }
    }
}
