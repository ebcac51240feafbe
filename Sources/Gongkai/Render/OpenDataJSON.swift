/// catalogue.json written by hand: JSONEncoder took a second for 10,000 matters, on one core, and the
/// preview server writes this file after every save. The `Encodable` types in OpenData.swift stay the
/// schema; a test holds this output byte-identical to JSONEncoder's.
extension OpenData {
    static func jsonValue(for catalogue: Catalogue) -> JSONValue {
        let document = Document(catalogue)
        let site = document.site
        return .object([
            "schemaVersion": .int(document.schemaVersion),
            "site": .object([
                "name": .string(site.name), "title": .string(site.title), "address": .string(site.address),
                "implementingBody": .string(site.implementingBody), "language": .string(site.language),
                "baseURL": .optional(site.baseURL), "officeHours": .optional(site.officeHours),
                "edition": .optional(site.edition), "contacts": .array(site.contacts.map(\.jsonValue)),
            ]),
            "duties": .array(document.duties.map { duty in
                .object(["number": .string(duty.number), "name": .string(duty.name), "matters": .strings(duty.matters)])
            }),
            "matters": .array(document.matters.map(\.jsonValue)),
            "policies": .array(document.policies.map { policy in
                .object(["slug": .string(policy.slug), "title": .string(policy.title), "url": .string(policy.url),
                         "body": .string(policy.body)])
            }),
        ])
    }
}

extension OpenData.ContactEntry {
    var jsonValue: JSONValue { .object(["label": .string(label), "value": .string(value)]) }
}

extension OpenData.MatterEntry {
    var jsonValue: JSONValue {
        .object([
            "number": .string(number), "duty": .string(duty), "name": .string(name), "url": .string(url),
            "implementingBody": .string(implementingBody), "body": .string(body),
            "legalBasis": .array(legalBasis.map { .object(["reference": .string($0.reference), "text": .optional($0.text)]) }),
            "boundary": .object(["levels": .strings(boundary.levels), "isSequence": .bool(boundary.isSequence)]),
            "flow": .object([
                "line": .string(flow.line),
                "steps": .array(flow.steps.map { step in
                    .object([
                        "name": .string(step.name), "bracketed": .bool(step.bracketed), "actor": .optional(step.actor),
                        "timeLimit": step.timeLimit.map { .object(["days": .int($0.days), "unit": .string($0.unit)]) },
                        "note": .optional(step.note),
                    ])
                }),
            ]),
            "situations": .array(situations.map { question in
                .object(["key": .string(question.key), "question": .string(question.question),
                         "options": .strings(question.options), "note": .optional(question.note)])
            }),
            "materials": .array(materials.map { material in
                .object([
                    "name": .string(material.name), "form": .optional(material.form), "source": .optional(material.source),
                    "blankForm": .optional(material.blankForm), "sampleForm": .optional(material.sampleForm),
                    "note": .optional(material.note), "copies": material.copies.map(JSONValue.int),
                    "condition": .array(material.condition.map { .object(["question": .string($0.question), "options": .strings($0.options)]) }),
                    "conditionText": .optional(material.conditionText),
                ])
            }),
            "responsibilities": .strings(responsibilities),
            "contacts": .array(contacts.map(\.jsonValue)),
            "guide": .object([
                "timeLimit": .optional(guide.timeLimit), "legalTimeLimit": .optional(guide.legalTimeLimit),
                "promisedTimeLimit": .optional(guide.promisedTimeLimit), "place": .optional(guide.place),
                "hours": .optional(guide.hours), "fee": .optional(guide.fee), "phone": .optional(guide.phone),
                "result": .optional(guide.result),
            ]),
        ])
    }
}
