import GongkaiModel
import GongkaiChecker
import MustacheTemplates

/// What a matter page shows, as template data. Every key is always present (empty when unused) so that
/// the template check knows the full vocabulary.
struct MatterContext {
    let matter: Matter
    let duty: Duty?
    let site: Site
    /// The calendar as the checker's rules carry it, formatted once per build rather than once per page.
    let calendar: CheckerRules.Calendar
    let labels: [String: String]
    let markdown: MarkdownHTML

    var value: ContextObject {
        var value = Self.infoTable(matter, labels: labels, markdown: markdown)
        value["dutyNumber"] = matter.dutyNumber
        value["dutyName"] = duty?.name ?? ""
        value["hasChecker"] = !matter.materials.isEmpty
        value["summary"] = Self.summary(matter, site: site, labels: labels)
        value["checkerRulesJson"] = CheckerRules(matter: matter, site: site, calendar: calendar).scriptSafeJSON
        return value
    }

    /// The 信息表 fields, the 办事指南 rows and the body: what the page and the printed sheet both show,
    /// built once so paper and screen word everything alike.
    static func infoTable(_ matter: Matter, labels: [String: String], markdown: MarkdownHTML) -> ContextObject {
        var value: ContextObject = [
            "number": matter.number,
            "name": matter.name,
            "legalBasis": matter.legalBasis.map { basis in
                [
                    "reference": basis.reference, "textHtml": optionalText(basis.text.map(markdown.html)),
                    "folds": (basis.text?.characterCount ?? 0) > foldedCharacters,
                ] as ContextObject
            },
            "implementingBody": matter.implementingBody,
            "boundary": [
                "isSequence": matter.boundary.isSequence,
                "text": matter.boundary.levels.joined(separator: "、"),
                "levels": matter.boundary.levels.enumerated().map { index, level in
                    ["name": level, "position": index + 1] as ContextObject
                },
            ] as ContextObject,
            "flow": [
                "line": matter.flow.line,
                "hasDetails": matter.flow.steps.contains { $0.actor != nil || $0.timeLimit != nil || $0.note != nil },
                "steps": matter.flow.steps.enumerated().map { index, step in Self.step(step, position: index + 1) },
            ] as ContextObject,
            "hasSituations": !matter.situations.isEmpty,
            "situations": matter.situations.map(Self.situation),
            "materials": matter.materials.map(Self.material),
            "hasConditionalMaterials": matter.materials.contains { !$0.condition.isAlways },
            "responsibilities": matter.responsibilities.map { ["textHtml": markdown.inlineHTML($0)] as ContextObject },
            "contacts": matter.contacts.map(ContactContext.value),
            "guide": GuideRows.rows(matter.texts, labels: labels),
            "hasGuide": !matter.texts.isEmpty(in: .guide),
            "bodyHtml": optionalText(matter.body.isEmpty ? nil : markdown.html(matter.body)),
        ]
        // The schema's text fields that the templates place by name (`.infoTable` section): every one present, empty
        // when the matter leaves it out.
        for field in MatterSchema.textFields where field.section == .infoTable {
            let text = matter.texts[field]
            value[field.templateName] = optionalText(field.shape == .markdown ? text.map(markdown.html) : text)
        }
        return value
    }

    /// A 法定依据 text longer than this (about four lines on a 390-px phone) is folded under its reference on
    /// small screens, so the checker below the name is not pushed screens down; wide screens and print show it.
    static let foldedCharacters = 80

    /// The line under the name: what a resident at the window asks first — how long it takes (办理时限, or its
    /// 承诺 or 法定 part), where (办理地点, else the station's address) and, when given, what it costs.
    static func summary(_ matter: Matter, site: Site, labels: [String: String]) -> [ContextObject] {
        let texts = matter.texts
        var rows: [(MatterField, String)] = []
        if let limit = [MatterField.timeLimit, .promisedTimeLimit, .legalTimeLimit].lazy
            .compactMap({ field in texts[field].map { (field, $0) } }).first {
            rows.append(limit)
        }
        rows.append((.place, texts[.place] ?? site.address))
        if let fee = texts[.fee] { rows.append((.fee, fee)) }
        return rows.map { field, value in ["label": labels[label: Theme.Label(field.labelName)], "value": value] }
    }

    static func step(_ step: FlowStep, position: Int) -> ContextObject {
        [
            "position": position,
            "name": step.name,
            "written": step.written,
            "isBracketed": step.isBracketed,
            "actor": optionalText(step.actor),
            "timeLimit": optionalText(step.timeLimit?.description),
            "note": optionalText(step.note),
        ]
    }

    static func situation(_ situation: Situation) -> ContextObject {
        [
            "key": situation.key,
            "question": situation.question,
            "note": optionalText(situation.note),
            "options": situation.options.map { ["option": $0] as ContextObject },
        ]
    }

    static func material(_ material: Material) -> ContextObject {
        [
            "name": material.name,
            "form": optionalText(material.form),
            "copies": optionalText(material.copies.map(String.init)),
            "source": optionalText(material.source),
            "details": optionalText(MaterialDetails.text(material)),
            "blankForm": optionalText(material.blankForm),
            "sampleForm": optionalText(material.sampleForm),
            "note": optionalText(material.note),
            "isConditional": !material.condition.isAlways,
            "conditionText": optionalText(ConditionWording.text(material.condition)),
        ]
    }
}

enum ContactContext {
    static func value(_ contact: Contact) -> ContextObject {
        ["label": contact.label, "value": contact.value, "link": optionalText(contact.link), "isPhone": contact.kind == .phone]
    }
}

/// The 办事指南 fields as label/value rows, in the schema's order, leaving out the ones not given. The labels
/// are the theme's (`fieldTimeLimit` …), which `Theme` has checked are all there.
enum GuideRows {
    static func rows(_ texts: MatterTexts, labels: [String: String]) -> [ContextObject] {
        MatterSchema.textFields.compactMap { field in
            guard field.section == .guide, let value = texts[field] else { return nil }
            let link = field.isPhone ? Contact.telLink(value) : nil
            return ["label": labels[label: Theme.Label(field.labelName)], "value": value, "link": optionalText(link)] as ContextObject
        }
    }
}
