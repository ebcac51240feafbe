import GongkaiModel
import Yams

/// What the page structures but a 信息表 cell holds as text — a 情形, a material with its details and
/// conditions, a step with who acts and how long — as one line a clerk can read and edit in Word or Excel,
/// and back. `gongkai export` writes these lines (in the rows `MatterSchema.DocumentRows` names); `gongkai
/// import` reads them. Parts are separated by 「｜」, each after the first labelled 「标签：内容」:
///
///     户籍｜问题：您属于以下哪类居民？｜选项：本市户籍居民／外省市户籍居民｜说明：……
///     居住证｜形式：原件及复印件｜份数：1｜来源：公安机关｜条件：户籍＝外省市户籍居民
///     社区初审｜办理：社区｜时限：2个工作日｜说明：……
package enum DocumentLines {
    static let separator: Character = "｜"
    static let optionSeparator: Character = "／"

    // MARK: - Writing

    package static func situation(_ situation: Situation) -> String {
        join(situation.key, [("问题", situation.question), ("选项", situation.options.joined(separator: String(optionSeparator))),
                             ("说明", situation.note)])
    }

    package static func material(_ material: Material) -> String {
        let condition = material.condition.clauses.map { "\($0.questionKey)＝" + $0.options.joined(separator: String(optionSeparator)) }
            .joined(separator: "；")
        return join(material.name, [
            ("形式", material.form), ("份数", material.copies.map(String.init)), ("来源", material.source),
            ("空表", material.blankForm), ("样表", material.sampleForm),
            ("条件", condition.isEmpty ? nil : condition), ("说明", material.note),
        ])
    }

    package static func step(_ step: FlowStep) -> String {
        join(step.written, [("办理", step.actor), ("时限", step.timeLimit?.description), ("说明", step.note)])
    }

    private static func join(_ head: String, _ parts: [(String, String?)]) -> String {
        ([head] + parts.compactMap { label, value in value.map { "\(label)：\($0)" } }).joined(separator: String(separator))
    }

    // MARK: - Reading, as YAML for the matter file

    /// The line's head and its labelled parts; nil when a part has no label this line kind knows.
    static func split(_ line: String, labels: Set<String>) -> (head: String, parts: [String: String])? {
        let pieces = line.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let head = pieces.first, !head.isEmpty else { return nil }
        var parts: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let colon = piece.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
            let label = String(piece[..<colon]).trimmingCharacters(in: .whitespaces)
            guard labels.contains(label), parts[label] == nil else { return nil }
            parts[label] = piece[piece.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (head, parts)
    }

    static func situationNode(_ line: String) -> Node? {
        guard let (key, parts) = split(line, labels: ["问题", "选项", "说明"]),
              let question = parts["问题"], let options = parts["选项"] else { return nil }
        var pairs: [(Node, Node)] = [
            ("键", MatterImport.text(key)), ("问题", MatterImport.text(question)),
            ("选项", .sequence(Node.Sequence(options.split(separator: optionSeparator).map { MatterImport.text(String($0)) }))),
        ]
        if let note = parts["说明"] { pairs.append(("说明", MatterImport.text(note))) }
        return .mapping(Node.Mapping(pairs))
    }

    static func materialNode(_ line: String) -> (node: Node, name: String)? {
        guard let (name, parts) = split(line, labels: ["形式", "份数", "来源", "空表", "样表", "条件", "说明"]) else { return nil }
        guard !parts.isEmpty else { return (MatterImport.text(name), name) }
        var pairs: [(Node, Node)] = [("名称", MatterImport.text(name))]
        for label in ["形式", "份数", "来源", "空表", "样表"] {
            if let value = parts[label] { pairs.append((Node.scalar(Node.Scalar(label)), MatterImport.quoted(value))) }
        }
        if let condition = parts["条件"] {
            var clauses: [(Node, Node)] = []
            for clause in condition.split(separator: "；") {
                let halves = clause.split(separator: "＝", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard halves.count == 2, !halves[0].isEmpty else { return nil }
                let options = halves[1].split(separator: optionSeparator).map { MatterImport.text(String($0)) }
                clauses.append((MatterImport.text(halves[0]), .sequence(Node.Sequence(options, .implicit, .flow))))
            }
            pairs.append(("条件", .mapping(Node.Mapping(clauses, .implicit, .flow))))
        }
        if let note = parts["说明"] { pairs.append(("说明", MatterImport.text(note))) }
        return (.mapping(Node.Mapping(pairs)), name)
    }

    static func stepNode(_ line: String) -> Node? {
        guard let (written, parts) = split(line, labels: ["办理", "时限", "说明"]) else { return nil }
        guard !parts.isEmpty else { return MatterImport.text(written) }
        var pairs: [(Node, Node)] = [("步骤", MatterImport.text(written))]
        for label in ["办理", "时限", "说明"] {
            if let value = parts[label] { pairs.append((Node.scalar(Node.Scalar(label)), MatterImport.text(value))) }
        }
        return .mapping(Node.Mapping(pairs))
    }
}
