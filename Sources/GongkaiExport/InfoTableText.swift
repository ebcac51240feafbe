import Foundation
import GongkaiImport
import GongkaiModel

/// A matter's 信息表 as the document and the 清单 print it: (label, paragraphs) rows in the schema's order,
/// written the way `gongkai import` reads them back — 法定依据 as 「《法规》第几条 条文」 paragraphs, 职责边界
/// levels between spaces, 责任事项 numbered, 监督方式 as 标签：内容 lines, 运行要件 as published (or the
/// materials between 、).
package enum InfoTableText {
    package struct Row: Equatable {
        package var label: String
        package var paragraphs: [String]
    }

    package static func rows(_ matter: Matter) -> [Row] {
        var rows: [Row] = []
        func add(_ field: MatterField, _ paragraphs: [String]) { add(field.key, paragraphs) }
        func add(_ label: String, _ paragraphs: [String]) {
            let kept = paragraphs.filter { !$0.isEmpty }
            if !kept.isEmpty { rows.append(Row(label: label, paragraphs: kept)) }
        }
        for field in MatterSchema.fields {
            switch field {
            case .number: add(field, [matter.number])
            case .duty, .materialsAsPublished: continue
            case .situations: add(field, matter.situations.map(DocumentLines.situation))
            case .name: add(field, [matter.name])
            case .legalBasis:
                add(field, matter.legalBasis.flatMap { basis -> [String] in
                    let text = paragraphs(basis.text ?? "")
                    let first = text.first ?? ""
                    // Written so import cuts it where it was cut: 「《法规》第几条 条文」 when the pattern finds
                    // that reference, 「依据｜内容：条文」 otherwise.
                    let plain = first.isEmpty ? basis.reference : basis.reference + " " + first
                    let read = LegalBasisSplit.entries([plain])
                    let line = read.count == 1 && read[0].reference == basis.reference && read[0].text == first
                        ? plain : basis.reference + "｜内容：" + first
                    return [line] + text.dropFirst()
                })
            case .implementingBody: add(field, [matter.implementingBody])
            case .boundary:
                add(field, [matter.boundary.levels.joined(separator: matter.boundary.isSequence ? " " : "")])
            case .flow:
                add(field, [matter.flow.line])
                if matter.flow.steps.contains(where: { $0.actor != nil || $0.timeLimit != nil || $0.note != nil }) {
                    add(MatterSchema.DocumentRows.stepDetails, matter.flow.steps.map(DocumentLines.step))
                }
            case .materials:
                if let published = matter.texts[.materialsAsPublished] {
                    add(field, published.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
                } else {
                    add(field, [MaterialsSplit.namesInARow(matter.materials.map(\.name))])
                }
                // The structure the page shows beside the text: details, conditions, notes.
                if matter.texts[.materialsAsPublished] != nil || matter.materials.contains(where: { $0 != Material(name: $0.name) }) {
                    add(MatterSchema.DocumentRows.materialDetails, matter.materials.map(DocumentLines.material))
                }
            case .responsibilities:
                add(field, matter.responsibilities.enumerated().map { "\($0 + 1).\($1)" })
            case .contacts: add(field, matter.contacts.map { "\($0.label)：\($0.value)" })
            case .timeLimit:
                add(field, [matter.texts[.timeLimit] ?? ""])
            case .legalTimeLimit, .promisedTimeLimit:
                add(field.documentLabel ?? field.key, [matter.texts[field] ?? ""])
            default:
                if field.isText, let text = matter.texts[field] {
                    add(field, field.shape == .markdown ? paragraphs(text) : text.split(separator: "\n").map(String.init))
                }
            }
        }
        if !matter.body.isEmpty {
            add(MatterSchema.DocumentRows.body, paragraphs(matter.body, keepingLines: true))
        }
        return rows
    }

    /// The site's fields a 信息表 document carries besides the index: 「地址：…」 lines and the 监督方式.
    package static func siteLines(_ site: Site) -> [String] {
        let values = [site.address, site.officeHours, site.implementingBody, site.edition]
        var lines = zip(MatterSchema.DocumentRows.siteFields, values).compactMap { label, value in value.map { "\(label)：\($0)" } }
        if !site.contacts.isEmpty {
            lines.append(([MatterSchema.DocumentRows.siteContacts] + site.contacts.map { "\($0.label)：\($0.value)" })
                .joined(separator: "｜"))
        }
        return lines
    }

    /// Markdown paragraphs (blank-line separated), each on one line (or, `keepingLines`, as written).
    static func paragraphs(_ text: String, keepingLines: Bool = false) -> [String] {
        text.components(separatedBy: "\n\n")
            .map { keepingLines ? $0.trimmingCharacters(in: .newlines)
                : $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined() }
            .filter { !$0.isEmpty }
    }
}
