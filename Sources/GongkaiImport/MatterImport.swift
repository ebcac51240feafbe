import Foundation
import GongkaiContent
import GongkaiModel
import Yams

/// One 信息表 read as a matter file: each row mapped to its field of `MatterSchema` (法定依据 split into
/// 依据 and 内容, 职责边界 into levels, 运行要件 into materials with the published text kept, 监督方式 into
/// label: value lines), a row of no field kept as a titled section of the body, and everything a person
/// should look at noted for the report.
package struct MatterImport {
    package var number: String
    package var fields: [(key: String, value: Node)] = []
    package var body: [String] = []
    package var notes: [String] = []
    private var materialDetails: RawCatalogue.Row?
    private let sheetMaterials: [(line: String, place: String, condition: String)]
    private var stepDetails: RawCatalogue.Row?

    package init(
        _ matter: RawCatalogue.Matter, duty: String?, materials sheetMaterials: [(line: String, place: String, condition: String)] = [],
        file: String
    ) throws(ImportProblem) {
        self.sheetMaterials = sheetMaterials
        let byLabel = Dictionary(matter.rows.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        guard let numberRow = byLabel[MatterField.number.key], let number = numberRow.paragraphs.first else {
            throw ImportProblem(file: file, place: matter.place, message: "信息表没有 序号",
                                hint: "每张信息表都要有一行 序号，写事项的序号，如 2.1")
        }
        guard NumberFormat.isValid(number) else {
            throw ImportProblem(file: file, place: numberRow.place + "（序号）", message: "序号「\(number)」不能做网址",
                                hint: NumberFormat.hint)
        }
        guard let name = byLabel[MatterField.name.key]?.paragraphs.joined(), !name.isEmpty else {
            throw ImportProblem(file: file, place: matter.place, message: "事项 \(number) 没有 名称",
                                hint: "信息表要有一行 名称，写事项的名称")
        }
        self.number = number
        fields.append((MatterField.number.key, Self.quoted(number)))
        if let duty {
            fields.append((MatterField.duty.key, Self.quoted(duty)))
        } else {
            fields.append((MatterField.duty.key, Self.quoted(Self.placeholder + "主要职责的序号")))
            notes.append("事项 \(number) 不在目录表里，主要职责 留作【待填写】")
        }
        fields.append((MatterField.name.key, Self.text(name)))

        let byKey = Dictionary(MatterSchema.fields.filter { $0.parent == nil }.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        // The rows gongkai's own export adds: the structure of 运行要件 and 运行流程, 办理时限's parts.
        // (A 清单 has the column for every matter: an empty cell is no row.)
        materialDetails = byLabel[MatterSchema.DocumentRows.materialDetails].flatMap { $0.paragraphs.isEmpty ? nil : $0 }
        stepDetails = byLabel[MatterSchema.DocumentRows.stepDetails].flatMap { $0.paragraphs.isEmpty ? nil : $0 }
        let parts = MatterSchema.fields.filter { $0.documentLabel != nil }
        var timeLimitParts: [(Node, Node)] = []
        for part in parts {
            if let row = byLabel[part.documentLabel!], !row.paragraphs.isEmpty {
                timeLimitParts.append((Node.scalar(Node.Scalar(part.key)), Self.text(row.paragraphs.joined(separator: "\n"))))
            }
        }
        if !timeLimitParts.isEmpty, byLabel[MatterField.timeLimit.key] == nil {
            fields.append((MatterField.timeLimit.key, .mapping(Node.Mapping(timeLimitParts, .implicit, .flow))))
        }
        let handled = Set([MatterSchema.DocumentRows.materialDetails, MatterSchema.DocumentRows.stepDetails] + parts.compactMap(\.documentLabel))
        for row in matter.rows where !handled.contains(row.label) {
            if row.label == MatterSchema.DocumentRows.body {
                body.append(row.paragraphs.joined(separator: "\n\n"))
                continue
            }
            guard let field = byKey[row.label] else {
                if row.label != MatterField.duty.key {
                    body.append("## \(row.label)\n\n" + row.paragraphs.joined(separator: "\n\n"))
                    notes.append("事项 \(number) 的「\(row.label)」不是信息表的字段，已放在事项正文里（\(row.place)）")
                }
                continue
            }
            guard ![MatterField.number, MatterField.duty, MatterField.name].contains(field), !row.paragraphs.isEmpty else { continue }
            if let value = convert(field, row) { fields.append((field.key, value)) }
        }
        let order = Dictionary(uniqueKeysWithValues: MatterSchema.fields.enumerated().map { ($1.key, $0) })
        fields = fields.enumerated().sorted { (order[$0.element.key] ?? 99, $0.offset) < (order[$1.element.key] ?? 99, $1.offset) }
            .map(\.element)
        for required in MatterSchema.requiredKeys where !fields.contains(where: { $0.key == required }) {
            fields.append((required, Self.quoted(Self.placeholder + required)))
            notes.append("事项 \(number) 的信息表没有 \(required)，留作【待填写】")
        }
    }

    static let placeholder = "【待填写】"

    private mutating func convert(_ field: MatterField, _ row: RawCatalogue.Row) -> Node? {
        let paragraphs = row.paragraphs
        switch field {
        case .legalBasis:
            return .sequence(Node.Sequence(LegalBasisSplit.entries(paragraphs).map { entry in
                var pairs: [(Node, Node)] = [("依据", Self.text(entry.reference))]
                if !entry.text.isEmpty { pairs.append(("内容", Self.text(entry.text))) }
                return .mapping(Node.Mapping(pairs))
            }))
        case .boundary:
            let levels = paragraphs.joined(separator: " ").split(whereSeparator: { $0.isWhitespace || $0 == "—" || $0 == "→" })
                .map(String.init)
            return levels.count > 1 ? .sequence(Node.Sequence(levels.map(Self.text), .implicit, .flow)) : Self.text(paragraphs.joined())
        case .flow:
            if let details = stepDetails {
                let steps = details.paragraphs.compactMap(DocumentLines.stepNode)
                if steps.count == details.paragraphs.count { return .sequence(Node.Sequence(steps)) }
                notes.append("事项 \(number) 的 \(details.label) 有读不懂的行（\(details.place)），按 运行流程 一行导入")
            }
            return Self.text(paragraphs.joined())
        case .situations:
            let situations = paragraphs.compactMap(DocumentLines.situationNode)
            guard situations.count == paragraphs.count else {
                body.append("## \(row.label)\n\n" + paragraphs.joined(separator: "\n\n"))
                notes.append("事项 \(number) 的 情形 有读不懂的行，已放在事项正文里（\(row.place)）：每行写成「键｜问题：…｜选项：甲／乙」")
                return nil
            }
            return .sequence(Node.Sequence(situations))
        case .materials:
            let published = paragraphs.joined(separator: "\n")
            let (materials, names) = readMaterials(published)
            // Kept as published unless it is just the materials' names in a row, which the list shows alike.
            if published != MaterialsSplit.namesInARow(names) {
                fields.append((MatterField.materialsAsPublished.key, Self.text(published)))
            }
            return .sequence(Node.Sequence(materials))
        case .responsibilities:
            return .sequence(Node.Sequence(paragraphs.map { Self.text(Self.droppingNumber($0)) }))
        case .contacts:
            var pairs: [(Node, Node)] = []
            for line in paragraphs {
                guard let colon = line.firstIndex(where: { $0 == "：" || $0 == ":" }) else {
                    notes.append("事项 \(number) 的 监督方式「\(line)」没有“标签：内容”，已写作 其他")
                    pairs.append(("其他", Self.text(line)))
                    continue
                }
                let label = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                pairs.append((Node.scalar(Node.Scalar(label)), Self.quoted(value)))
            }
            return .mapping(Node.Mapping(pairs))
        default:
            guard field.isText else { return Self.text(paragraphs.joined(separator: "\n")) }
            return Self.text(paragraphs.joined(separator: field.shape == .markdown ? "\n\n" : "\n"))
        }
    }

    /// The materials of 运行要件, from the most exact source there is: the 运行要件明细 row gongkai's export
    /// writes, a 清单's sheet of materials, or else the published text split at its separators.
    private mutating func readMaterials(_ published: String) -> (nodes: [Node], names: [String]) {
        if let details = materialDetails {
            let materials = details.paragraphs.compactMap(DocumentLines.materialNode)
            if materials.count == details.paragraphs.count { return (materials.map(\.node), materials.map(\.name)) }
            notes.append("事项 \(number) 的 \(details.label) 有读不懂的行（\(details.place)），材料按 运行要件 拆分")
        }
        if !sheetMaterials.isEmpty {
            for material in sheetMaterials where !material.condition.isEmpty {
                notes.append("事项 \(number) 的材料「\(material.line.split(separator: "｜")[0])」在\(material.place)写有条件"
                    + "「\(material.condition)」：要写成 情形 和材料的 条件，材料自查才会按情形列出")
            }
            let materials = sheetMaterials.compactMap { DocumentLines.materialNode($0.line) }
            if materials.count == sheetMaterials.count { return (materials.map(\.node), materials.map(\.name)) }
        }
        let split = MaterialsSplit(published)
        if !split.prose.isEmpty {
            notes.append("事项 \(number) 的 运行要件 从「\(split.prose[0].prefix(30))」起是按情形提供的材料，"
                + "只照录在 运行要件原文 里：可以写成 情形 和材料的 条件，让材料自查按申请人的情况列出")
        }
        return (split.materials.map(Self.text), split.materials)
    }

    /// 责任事项 are numbered in the document (1. 1、 （1）); the page numbers them itself.
    static func droppingNumber(_ line: String) -> String {
        guard let match = line.firstMatch(of: /^\s*(?:\d{1,3}[\.、．]|[（(]\d{1,3}[）)])\s*/) else { return line }
        return String(line[match.range.upperBound...])
    }

    /// A string as a YAML scalar: a line double-quoted (so that no text reads as a number, a date or a
    /// YAML structure), several lines as a literal block.
    static func text(_ string: String) -> Node {
        .scalar(Node.Scalar(string, .implicit, string.contains("\n") ? .literal : .doubleQuoted))
    }

    static func quoted(_ string: String) -> Node {
        .scalar(Node.Scalar(string, .implicit, .doubleQuoted))
    }

    /// The matter file: front matter in the schema's order, then the rows of no field as the body.
    package func fileText() throws -> String {
        let mapping = Node.mapping(Node.Mapping(fields.map { (Node.scalar(Node.Scalar($0.key)), $0.value) }))
        let yaml = try Yams.serialize(node: mapping, width: -1, allowUnicode: true)
        return "---\n" + yaml + "---\n" + (body.isEmpty ? "" : "\n" + body.joined(separator: "\n\n") + "\n")
    }
}

/// 法定依据 as the document writes it — 《法规》第几条 then the article's text, several in a row — as
/// entries of 依据 (the law and article) and 内容 (the text). A paragraph that starts with a law's title or
/// an article number starts an entry; other paragraphs continue the entry before.
package enum LegalBasisSplit {
    /// A paragraph that runs on into the next article (「……工作。第四十一条 就业困难人员……」), cut before it.
    static func splitAtArticles(_ paragraph: String) -> [String] {
        guard !paragraph.contains("｜内容：") else { return [paragraph] }
        var parts: [String] = []
        var start = paragraph.startIndex
        var index = paragraph.startIndex
        while let stop = paragraph[index...].firstIndex(of: "。") {
            let next = paragraph.index(after: stop)
            if let match = paragraph[next...].prefixMatch(of: /第[一二三四五六七八九十百千零〇\d]{1,8}条/), !match.output.isEmpty {
                parts.append(String(paragraph[start..<next]))
                start = next
            }
            index = next
        }
        parts.append(String(paragraph[start...]))
        return parts.filter { !$0.isEmpty }
    }

    static var reference: Regex<Substring> { /^(?:《[^》\n]{1,80}》(?:[（(][^）)\n]{1,40}[）)])?\s*)?(?:第[一二三四五六七八九十百千零〇\d]{1,8}[条章款](?:第[一二三四五六七八九十百零〇\d]{1,6}[款项])?)?/ }

    package static func entries(_ paragraphs: [String]) -> [(reference: String, text: String)] {
        var entries: [(reference: String, text: String)] = []
        for paragraph in paragraphs.flatMap(splitAtArticles) {
            // gongkai's own export writes a 依据 the pattern would cut elsewhere as 「依据｜内容：条文」.
            if let bar = paragraph.range(of: "｜内容：") {
                entries.append((String(paragraph[..<bar.lowerBound]), String(paragraph[bar.upperBound...])))
                continue
            }
            if let match = paragraph.prefixMatch(of: reference), !match.output.isEmpty {
                let head = String(match.output).trimmingCharacters(in: .whitespaces)
                let rest = paragraph[match.range.upperBound...].trimmingCharacters(in: .whitespaces)
                entries.append((head, rest))
            } else if entries.isEmpty {
                entries.append((paragraph, ""))
            } else {
                entries[entries.count - 1].text += (entries[entries.count - 1].text.isEmpty ? "" : "\n\n") + paragraph
            }
        }
        return entries
    }
}

/// 运行要件 as published, read as a list of materials: split at 、，；, line breaks and spaces
/// up to the first piece that reads as a condition in prose (「以下认定类别人员还需提供」「外省市户籍成年居民需
/// 提供居住证」): from there on the text is left to the published wording and the report, not guessed at.
package struct MaterialsSplit {
    var materials: [String] = []
    var prose: [String] = []

    /// The materials' names as one 运行要件 cell writes them when there is nothing else to say: between 、.
    /// The export writes this; the import keeps no separate published text when the cell is just this.
    package static func namesInARow(_ names: [String]) -> String { names.joined(separator: "、") }

    init(_ published: String) {
        let pieces = published.split(whereSeparator: { "、，,；;\n".contains($0) })
            .flatMap { $0.split(whereSeparator: \.isWhitespace) }
            .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "。."))) }
            .filter { !$0.isEmpty }
        for piece in pieces {
            let isProse = !prose.isEmpty || piece.count > 40
                || ["的", "以下", "需提供", "：", ":", "提供"].contains { piece.contains($0) }
            if isProse {
                prose.append(piece)
            } else if !materials.contains(piece) {
                materials.append(piece)
            }
        }
        if materials.isEmpty { materials = [published.replacingOccurrences(of: "\n", with: " ")] }
    }
}
