/// What a matter's printed 信息表 shows, as template data: the fields in the order of the paper 信息表
/// (序号, 名称, 法定依据, 实施机构, 职责边界, 运行流程, 运行要件, 责任事项, 监督方式), then the optional
/// 办事指南 rows and the body. It is built from the same pieces as the matter page (`MatterContext`'s step,
/// situation and material helpers) so paper and screen word everything alike, but without the page's
/// interactive parts, which paper cannot use.
struct SheetContext {
    let matter: Matter

    /// The id the 目录 links to; `target-counter` reads the page number of this anchor.
    var anchor: String { Self.anchor(matter.number) }

    static func anchor(_ number: String) -> String { "matter-\(number)" }

    var value: [String: Any] {
        [
            "anchor": anchor,
            "number": matter.number,
            "name": matter.name,
            "legalBasis": matter.legalBasis.map { basis in
                ["reference": basis.reference, "textHtml": optionalText(basis.text.map(Markdown.html))] as [String: Any]
            },
            "implementingBody": matter.implementingBody,
            "boundary": [
                "isSequence": matter.boundary.isSequence,
                "text": matter.boundary.levels.joined(separator: "、"),
                "levels": matter.boundary.levels.map { ["name": $0] },
            ] as [String: Any],
            "flow": [
                "line": matter.flow.line,
                "hasDetails": matter.flow.steps.contains { $0.actor != nil || $0.timeLimit != nil || $0.note != nil },
                "steps": matter.flow.steps.enumerated().map { MatterContext.step($1, position: $0 + 1) },
            ] as [String: Any],
            "hasSituations": !matter.situations.isEmpty,
            "situations": matter.situations.map(MatterContext.situation),
            "materials": matter.materials.map { MatterContext.material($0, situations: matter.situations) },
            "responsibilities": matter.responsibilities.map { ["textHtml": Markdown.inlineHTML($0)] },
            "contacts": matter.contacts.map(ContactContext.value),
            "guide": GuideRows.rows(matter.guide),
            "bodyHtml": optionalText(matter.body.isEmpty ? nil : Markdown.html(matter.body)),
        ]
    }
}
