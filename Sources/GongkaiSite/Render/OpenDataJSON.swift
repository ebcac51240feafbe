import GongkaiModel
import GongkaiUtils

/// catalogue.json written by hand: JSONEncoder took a second for 10,000 matters, on one core, and the
/// preview server writes this file after every save. The `Encodable` types in OpenData.swift stay the
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
    func write(into json: inout JSONWriter) {
        json.object { json in
            json.member("body", body)
            json.object("boundary") { json in
                json.member("isSequence", boundary.isSequence)
                json.member("levels", strings: boundary.levels)
            }
            json.array("contacts", contacts) { json, contact in contact.write(into: &json) }
            json.member("duty", duty)
            json.object("flow") { json in
                json.member("line", flow.line)
                json.array("steps", flow.steps) { json, step in Self.write(step, into: &json) }
            }
            json.object("guide") { json in
                json.member("fee", guide.fee)
                json.member("hours", guide.hours)
                json.member("legalTimeLimit", guide.legalTimeLimit)
                json.member("phone", guide.phone)
                json.member("place", guide.place)
                json.member("promisedTimeLimit", guide.promisedTimeLimit)
                json.member("result", guide.result)
                json.member("timeLimit", guide.timeLimit)
            }
            json.member("implementingBody", implementingBody)
            json.array("legalBasis", legalBasis) { json, basis in
                json.object { json in
                    json.member("reference", basis.reference)
                    json.member("text", basis.text)
                }
            }
            json.array("materials", materials) { json, material in Self.write(material, into: &json) }
            json.member("name", name)
            json.member("number", number)
            json.member("responsibilities", strings: responsibilities)
            json.array("situations", situations) { json, question in
                json.situationQuestion(key: question.key, question: question.question, options: question.options, note: question.note)
            }
            json.member("url", url)
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
                    json.member("days", limit.days)
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
