import Foundation
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
        func add(_ field: MatterField, _ paragraphs: [String]) {
            let kept = paragraphs.filter { !$0.isEmpty }
            if !kept.isEmpty { rows.append(Row(label: field.key, paragraphs: kept)) }
        }
        for field in MatterSchema.fields where field.parent == nil {
            switch field {
            case .number: add(field, [matter.number])
            case .duty, .situations, .materialsAsPublished: continue
            case .name: add(field, [matter.name])
            case .legalBasis:
                add(field, matter.legalBasis.flatMap { basis -> [String] in
                    let text = paragraphs(basis.text ?? "")
                    guard let first = text.first else { return [basis.reference] }
                    return [basis.reference + " " + first] + text.dropFirst()
                })
            case .implementingBody: add(field, [matter.implementingBody])
            case .boundary:
                add(field, [matter.boundary.levels.joined(separator: matter.boundary.isSequence ? " " : "")])
            case .flow: add(field, [matter.flow.line])
            case .materials:
                if let published = matter.texts[.materialsAsPublished] {
                    add(field, published.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
                } else {
                    add(field, [matter.materials.map(\.name).joined(separator: "、")])
                }
            case .responsibilities:
                add(field, matter.responsibilities.enumerated().map { "\($0 + 1).\($1)" })
            case .contacts: add(field, matter.contacts.map { "\($0.label)：\($0.value)" })
            case .timeLimit:
                let parts = [(MatterField.legalTimeLimit, "法定"), (MatterField.promisedTimeLimit, "承诺")]
                    .compactMap { field, word in matter.texts[field].map { word + $0 } }
                add(field, [matter.texts[.timeLimit] ?? parts.joined(separator: "，")])
            default:
                if field.isText, let text = matter.texts[field] {
                    add(field, field.shape == .markdown ? paragraphs(text) : text.split(separator: "\n").map(String.init))
                }
            }
        }
        return rows
    }

    /// Markdown paragraphs (blank-line separated), each on one line.
    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined() }
            .filter { !$0.isEmpty }
    }
}
