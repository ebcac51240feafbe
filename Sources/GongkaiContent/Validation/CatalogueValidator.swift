import GongkaiModel
import GongkaiUtils

/// The validate stage: checks what no single field can check alone — numbers that become paths,
/// references between files and between fields — and assembles the `Catalogue`.
package struct CatalogueValidator {
    package init() {}

    /// - Parameter knownOwnProblems: `ownProblems` of each matter of `content`, when the caller kept them
    ///   (the preview server does: after one file changes, only that file's checks run again).
    package func validate(_ content: LoadedContent, knownOwnProblems: [[Diagnostic]]? = nil) throws(DiagnosticList) -> Catalogue {
        let order = try catalogueOrder(content, knownOwnProblems: knownOwnProblems)
        let matters = content.matters.withUnsafeBufferPointer { entries in
            // Copied on all cores: a copy retains every string and list of a matter.
            Parallel.map(order.count) { entries[order[$0]].matter }
        }
        return assemble(content, matters: matters)
    }

    /// The same, for a caller done with `content` (a build): the matters are moved out of it into the
    /// catalogue, not copied, and what is left holds what diagnostics needed.
    package func validate(takingMattersFrom content: inout LoadedContent) throws(DiagnosticList) -> Catalogue {
        let order = try catalogueOrder(content, knownOwnProblems: nil)
        let matters = content.matters.withUnsafeMutableBufferPointer { entries in
            order.map { index in
                var matter = Self.movedOut
                swap(&matter, &entries[index].matter)
                return matter
            }
        }
        return assemble(content, matters: matters)
    }

    /// What a matter's place holds once the matter is moved out: nothing allocated.
    private static let movedOut = Matter(
        number: "", dutyNumber: "", name: "", legalBasis: [], implementingBody: "",
        boundary: Boundary(levels: [], isSequence: false), flow: Flow(steps: []), materials: [],
        responsibilities: [], contacts: [])

    private func assemble(_ content: LoadedContent, matters: [Matter]) -> Catalogue {
        let policies = content.policies.sorted {
            ($0.order ?? Int.max, $0.slug) < ($1.order ?? Int.max, $1.slug)
        }
        return Catalogue(site: content.site, matters: matters, policies: policies, calendar: content.calendar)
    }

    /// Every check across files and each matter's own; the positions of the matters in 序号 order.
    private func catalogueOrder(_ content: LoadedContent, knownOwnProblems: [[Diagnostic]]?) throws(DiagnosticList) -> [Int] {
        var problems = content.problems
        problems += checkDuties(content)
        let knownDuties = Set(content.site.duties.map(\.number))
        var firstFileOfNumber: [String: String] = [:]

        // Fields are read in place through a buffer pointer: indexing the array copies out the whole
        // (matter, origin) pair, and on a 10,000-matter site those copies were most of the preview server's
        // time for one save.
        content.matters.withUnsafeBufferPointer { entries in
            // Each matter's own checks need no other matter, so they run on all cores first.
            let ownProblems = knownOwnProblems ?? Parallel.map(entries.count) { index in
                self.ownProblems(entries[index].matter, entries[index].origin)
            }
            for index in entries.indices {
                let number = entries[index].matter.number
                let dutyNumber = entries[index].matter.dutyNumber
                if let field = entries[index].origin.number {
                    if !NumberFormat.isValid(number) {
                        problems.append(field.diagnostic(
                            "序号「\(number)」格式不对", hint: NumberFormat.hint))
                    } else if number.utf8.count > ContentLimits.nameBytes {
                        problems.append(field.diagnostic(
                            "序号太长：\(number.utf8.count) 个字符，最多 \(ContentLimits.nameBytes) 个", hint: NumberFormat.lengthHint))
                    } else if let other = firstFileOfNumber[number] {
                        problems.append(field.diagnostic(
                            "序号「\(number)」重复：\(other) 里已经用过", hint: "每个事项的序号必须不同；改其中一个"))
                    } else {
                        firstFileOfNumber[number] = entries[index].origin.file.path
                        let path = entries[index].origin.file.path
                        let fileName = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
                        if fileName != "\(number).md" {
                            problems.append(field.diagnostic(
                                "文件名「\(fileName)」与序号「\(number)」不一致",
                                hint: "把文件改名为 \(number).md，找文件和看网址都按序号"))
                        }
                    }
                }
                if !knownDuties.contains(dutyNumber), let field = entries[index].origin.duty {
                    let list = content.site.duties.map { "\($0.number)（\($0.name)）" }.joined(separator: "、")
                    problems.append(field.diagnostic(
                        "没有序号为「\(dutyNumber)」的主要职责",
                        hint: "site.yaml 里的主要职责有：\(list)"))
                }
                if !ownProblems[index].isEmpty { problems += ownProblems[index] }
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }

        return content.matters.withUnsafeBufferPointer { entries in
            let keys = entries.indices.map { entries[$0].matter.sortKey }
            return keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        }
    }

    /// Puts an edited matter in place of its earlier version in a catalogue that passed validation, if that
    /// needs no validation of the rest: the caller knows the edit came from the same file, read without
    /// problems, and passing `ownProblems`. Then, if the 序号 is unchanged (no new duplicate, the same file
    /// name, the same place in the order) and the 主要职责 exists, every check across files gives what it
    /// gave before. False, and the catalogue untouched, when that is not so.
    package func replace(matterAt position: Int, of catalogue: inout Catalogue, with matter: Matter) -> Bool {
        guard catalogue.matters.indices.contains(position), catalogue.matters[position].number == matter.number,
              catalogue.site.duties.contains(where: { $0.number == matter.dutyNumber })
        else { return false }
        catalogue.matters[position] = matter
        return true
    }

    /// The checks of one matter that need no other matter: its 情形 and its materials' conditions.
    package func ownProblems(_ matter: Matter, _ origin: MatterLoader.Origin) -> [Diagnostic] {
        checkSituations(matter, origin) + checkMaterials(matter, origin)
    }

    private func checkDuties(_ content: LoadedContent) -> [Diagnostic] {
        var seen = Set<String>()
        return zip(content.site.duties, content.siteOrigin.dutyNumbers).compactMap { duty, field in
            if !NumberFormat.isValid(duty.number) {
                return field.diagnostic("主要职责序号「\(duty.number)」格式不对", hint: NumberFormat.hint)
            }
            if !seen.insert(duty.number).inserted {
                return field.diagnostic("主要职责序号「\(duty.number)」重复", hint: "每个主要职责的序号必须不同")
            }
            return nil
        }
    }

    private func checkSituations(_ matter: Matter, _ origin: MatterLoader.Origin) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // Duplicates are found by scanning what came before (as `==` compares, canonical equivalence and
        // all): a matter has a handful of these, and hashing Chinese text into a Set normalises it first.
        for (index, situation) in matter.situations.enumerated() {
            if matter.situations[..<index].contains(where: { $0.key == situation.key }) {
                problems.append(origin.situationKeys[index].diagnostic(
                    "情形的键「\(situation.key)」重复", hint: "每个问题的键必须不同"))
            }
            for (optionIndex, option) in situation.options.enumerated() where situation.options[..<optionIndex].contains(option) {
                problems.append(origin.situationOptions[index][optionIndex].diagnostic(
                    "选项「\(option)」重复", hint: "同一个问题的选项必须不同"))
            }
        }
        return problems
    }

    private func checkMaterials(_ matter: Matter, _ origin: MatterLoader.Origin) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (index, material) in matter.materials.enumerated() {
            if matter.materials[..<index].contains(where: { $0.name == material.name }) {
                problems.append(origin.materialNames[index].diagnostic(
                    "材料「\(material.name)」重复", hint: "同一事项里材料名称必须不同（自查清单靠名称区分）"))
            }
            let clauses = zip(material.condition.clauses, origin.conditions[index]).map { ($0, $1.key, $1.options) }
            problems += Self.clauseProblems(clauses, situations: matter.situations)
        }
        return problems
    }

    /// Each 条件 clause against the matter's 情形: the key must be one, each option one of its options.
    static func clauseProblems(
        _ clauses: [(clause: Condition.Clause, key: YAMLField, options: [YAMLField])], situations: [Situation]
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (clause, keyField, optionFields) in clauses {
            guard let question = situations.first(where: { $0.key == clause.questionKey }) else {
                let hint = situations.isEmpty
                    ? "这个事项没有写“情形”：先在 情形 里定义问题，条件才能引用它"
                    : Suggestion.hint(for: clause.questionKey, among: situations.map(\.key))
                problems.append(keyField.diagnostic("条件引用了不存在的情形「\(clause.questionKey)」", hint: hint))
                continue
            }
            for (option, field) in zip(clause.options, optionFields) where !question.options.contains(option) {
                problems.append(field.diagnostic(
                    "情形「\(question.key)」没有选项「\(option)」", hint: Suggestion.hint(for: option, among: question.options)))
            }
        }
        return problems
    }
}

/// The shape of a 序号: digits, optionally separated by single dots (1, 2.1, 4.12). Nothing else may
/// reach a path: no `/`, no `..`, no spaces, no control characters.
public enum NumberFormat {
    public static let hint = "序号只能由数字和“.”组成，例如 \"2.1\"（记得加引号）"
    /// A 序号 names the matter's page folder and poster file, which the file system limits in bytes.
    public static let lengthHint = "序号用作网页文件夹和海报的文件名，最长 \(ContentLimits.nameBytes) 个字符，例如 \"2.1\""

    public static func isValid(_ number: String) -> Bool {
        // Digit runs of 1 to 9 joined by single dots, checked on the bytes.
        var digitsInPart = 0
        for byte in number.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digitsInPart > 0 else { return false }
                digitsInPart = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digitsInPart < 9 {
                digitsInPart += 1
            } else {
                return false
            }
        }
        return digitsInPart > 0
    }
}
