/// catalogue.json written by hand: JSONEncoder took a second for 10,000 matters, on one core, and the
/// preview server writes this file after every save. The `Encodable` types in OpenData.swift stay the
/// schema; a test holds this output byte-identical to JSONEncoder's.
extension OpenData {
    static func jsonValue(for catalogue: Catalogue) -> JSONValue {
        let document = Document(catalogue)
        let site = document.site
        return .object([
            "duties": .array(document.duties.map { duty in
                .object(["matters": .strings(duty.matters), "name": .string(duty.name), "number": .string(duty.number)])
            }),
            "matters": .array(document.matters.map(\.jsonValue)),
            "policies": .array(document.policies.map { policy in
                .object(["body": .string(policy.body), "slug": .string(policy.slug), "title": .string(policy.title),
                         "url": .string(policy.url)])
            }),
            "schemaVersion": .int(document.schemaVersion),
            "site": .object([
                "address": .string(site.address), "baseURL": .optional(site.baseURL),
                "contacts": .array(site.contacts.map(\.jsonValue)), "edition": .optional(site.edition),
                "implementingBody": .string(site.implementingBody), "language": .string(site.language),
                "name": .string(site.name), "officeHours": .optional(site.officeHours), "title": .string(site.title),
            ]),
        ])
    }
}

extension OpenData.ContactEntry {
    var jsonValue: JSONValue { .object(["label": .string(label), "value": .string(value)]) }
}

extension OpenData.MatterEntry {
    var jsonValue: JSONValue {
        .object([
            "body": .string(body),
            "boundary": .object(["isSequence": .bool(boundary.isSequence), "levels": .strings(boundary.levels)]),
            "contacts": .array(contacts.map(\.jsonValue)),
            "duty": .string(duty),
            "flow": .object([
                "line": .string(flow.line),
                "steps": .array(flow.steps.map { step in
                    .object([
                        "actor": .optional(step.actor), "bracketed": .bool(step.bracketed), "name": .string(step.name),
                        "note": .optional(step.note),
                        "timeLimit": step.timeLimit.map { .object(["days": .int($0.days), "unit": .string($0.unit)]) },
                    ])
                }),
            ]),
            "guide": .object([
                "fee": .optional(guide.fee), "hours": .optional(guide.hours),
                "legalTimeLimit": .optional(guide.legalTimeLimit), "phone": .optional(guide.phone),
                "place": .optional(guide.place), "promisedTimeLimit": .optional(guide.promisedTimeLimit),
                "result": .optional(guide.result), "timeLimit": .optional(guide.timeLimit),
            ]),
            "implementingBody": .string(implementingBody),
            "legalBasis": .array(legalBasis.map { .object(["reference": .string($0.reference), "text": .optional($0.text)]) }),
            "materials": .array(materials.map { material in
                .object([
                    "blankForm": .optional(material.blankForm),
                    "condition": .array(material.condition.map { .object(["options": .strings($0.options), "question": .string($0.question)]) }),
                    "conditionText": .optional(material.conditionText), "copies": material.copies.map(JSONValue.int),
                    "form": .optional(material.form), "name": .string(material.name), "note": .optional(material.note),
                    "sampleForm": .optional(material.sampleForm), "source": .optional(material.source),
                ])
            }),
            "name": .string(name),
            "number": .string(number),
            "responsibilities": .strings(responsibilities),
            "situations": .array(situations.map { question in
                .object(["key": .string(question.key), "note": .optional(question.note),
                         "options": .strings(question.options), "question": .string(question.question)])
            }),
            "url": .string(url),
        ])
    }
}
