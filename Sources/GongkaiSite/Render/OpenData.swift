import Foundation
import GongkaiModel

/// catalogue.json: the whole catalogue as open data. Keys are English and sorted, lists keep the
/// catalogue's order, so the file is stable from build to build. The schema is documented in the README;
/// `schemaVersion` changes when a key changes meaning or disappears.
enum OpenData {
    static let schemaVersion = 2

    struct Document: Encodable {
        let schemaVersion = OpenData.schemaVersion
        let site: SiteEntry
        let duties: [DutyEntry]
        let matters: [MatterEntry]
        let policies: [PolicyEntry]

        init(_ catalogue: Catalogue) {
            let base = catalogue.site.baseURL ?? ""
            site = SiteEntry(catalogue.site)
            duties = catalogue.matterIndicesByDuty.map { duty, indices in
                DutyEntry(number: duty.number, name: duty.name, matters: indices.map { catalogue.matters[$0].number })
            }
            matters = catalogue.matters.map { MatterEntry($0, base: base) }
            policies = catalogue.policies.map {
                PolicyEntry(slug: $0.slug, title: $0.title, url: SiteOutputs.policyURL(base: base, slug: $0.slug), body: $0.body)
            }
        }
    }

    struct SiteEntry: Encodable {
        let name, title, address, implementingBody, language: String
        let baseURL, officeHours, edition: String?
        let contacts: [ContactEntry]

        init(_ site: Site) {
            name = site.name
            title = site.title
            address = site.address
            implementingBody = site.implementingBody
            language = site.language
            baseURL = site.baseURL
            officeHours = site.officeHours
            edition = site.edition
            contacts = site.contacts.map(ContactEntry.init)
        }
    }

    struct ContactEntry: Encodable {
        let label, value: String
        init(_ contact: Contact) {
            label = contact.label
            value = contact.value
        }
    }

    struct DutyEntry: Encodable {
        let number, name: String
        let matters: [String]
    }

    struct PolicyEntry: Encodable {
        let slug, title, url, body: String
    }

    struct MatterEntry: Encodable {
        struct Basis: Encodable { let reference: String; let text: String? }
        struct Boundary: Encodable { let levels: [String]; let isSequence: Bool }
        struct Limit: Encodable { let count: Int; let unit: String }
        struct Step: Encodable { let name: String; let bracketed: Bool; let actor: String?; let timeLimit: Limit?; let note: String? }
        struct Flow: Encodable { let line: String; let steps: [Step] }
        struct Question: Encodable { let key, question: String; let options: [String]; let note: String? }
        struct Clause: Encodable { let question: String; let options: [String] }
        struct MaterialEntry: Encodable {
            let name: String
            let form, source, blankForm, sampleForm, note: String?
            let copies: Int?
            let condition: [Clause]
            let conditionText: String?
        }

        let number, duty, name, url, implementingBody, body: String
        let legalBasis: [Basis]
        let boundary: Boundary
        let flow: Flow
        let situations: [Question]
        let materials: [MaterialEntry]
        let responsibilities: [String]
        let contacts: [ContactEntry]
        /// The schema's 办事指南 fields, by id: an object of its own in the file.
        let guide: [String: String]
        /// The schema's other text fields (section `.infoTable`), by id: members of the matter itself.
        let texts: [String: String]

        init(_ matter: Matter, base: String) {
            number = matter.number
            duty = matter.dutyNumber
            name = matter.name
            url = SiteOutputs.matterURL(base: base, number: matter.number)
            implementingBody = matter.implementingBody
            body = matter.body
            legalBasis = matter.legalBasis.map { Basis(reference: $0.reference, text: $0.text) }
            boundary = Boundary(levels: matter.boundary.levels, isSequence: matter.boundary.isSequence)
            flow = Flow(line: matter.flow.line, steps: matter.flow.steps.map { step in
                Step(name: step.name, bracketed: step.isBracketed, actor: step.actor,
                     timeLimit: step.timeLimit.map { Limit(count: $0.count, unit: $0.unit.rawValue) }, note: step.note)
            })
            situations = matter.situations.map { Question(key: $0.key, question: $0.question, options: $0.options, note: $0.note) }
            materials = matter.materials.map { material in
                MaterialEntry(
                    name: material.name, form: material.form, source: material.source, blankForm: material.blankForm,
                    sampleForm: material.sampleForm, note: material.note, copies: material.copies,
                    condition: material.condition.clauses.map { Clause(question: $0.questionKey, options: $0.options) },
                    conditionText: ConditionWording.text(material.condition))
            }
            responsibilities = matter.responsibilities
            contacts = matter.contacts.map(ContactEntry.init)
            var guide: [String: String] = [:], texts: [String: String] = [:]
            for field in MatterSchema.textFields {
                guard let text = matter.texts[field] else { continue }
                if field.section == .guide { guide[field.id] = text } else { texts[field.id] = text }
            }
            self.guide = guide
            self.texts = texts
        }

        private struct Key: CodingKey {
            let stringValue: String
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        /// Written out because the schema's text fields are members of their own beside the fixed ones.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(number, forKey: Key("number"))
            try container.encode(duty, forKey: Key("duty"))
            try container.encode(name, forKey: Key("name"))
            try container.encode(url, forKey: Key("url"))
            try container.encode(implementingBody, forKey: Key("implementingBody"))
            try container.encode(body, forKey: Key("body"))
            try container.encode(legalBasis, forKey: Key("legalBasis"))
            try container.encode(boundary, forKey: Key("boundary"))
            try container.encode(flow, forKey: Key("flow"))
            try container.encode(situations, forKey: Key("situations"))
            try container.encode(materials, forKey: Key("materials"))
            try container.encode(responsibilities, forKey: Key("responsibilities"))
            try container.encode(contacts, forKey: Key("contacts"))
            try container.encode(guide, forKey: Key("guide"))
            for (id, text) in texts { try container.encode(text, forKey: Key(id)) }
        }
    }
}
