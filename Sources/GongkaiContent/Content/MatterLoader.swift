import GongkaiModel

/// Reads one content/matters/*.md file into a `Matter`, reporting every shape problem it finds.
package struct MatterLoader {
    static let materialKeys = ["名称", "形式", "份数", "来源", "空表", "样表", "条件", "说明"]
    static let stepKeys = ["步骤", "办理", "时限", "说明"]
    static let situationKeys = ["键", "问题", "选项", "说明"]

    /// Where the values that other checks refer to were written.
    package struct Origin {
        package var file: SourceFile
        var number: YAMLField?
        var duty: YAMLField?
        var situationKeys: [YAMLField] = []
        var situationOptions: [[YAMLField]] = []
        var materialNames: [YAMLField] = []
        /// For each material, each clause: the key as written and each option as written.
        var conditions: [[(key: YAMLField, options: [YAMLField])]] = []
        /// Every clause read, of materials with other problems too: checked against the 情形 here when the
        /// matter as a whole cannot be made, so that one run reports them all.
        var everyClause: [(clause: Condition.Clause, key: YAMLField, options: [YAMLField])] = []
    }

    let site: Site
    let log: ProblemLog

    func load(_ source: SourceFile) -> (Matter, Origin)? {
        guard let (root, body) = YAMLText.frontMatter(of: source, log: log) else { return nil }
        guard let record = root.record(known: MatterSchema.keys, required: MatterSchema.requiredKeys) else { return nil }
        var origin = Origin(file: source, number: record[MatterField.number.key], duty: record[MatterField.duty.key])

        let number = origin.number?.text()
        let duty = origin.duty?.text()
        let name = record[MatterField.name.key]?.text()
        let legalBasis = record[MatterField.legalBasis.key].flatMap(readLegalBasis)
        let implementingBody = record[MatterField.implementingBody.key].map { $0.text() } ?? site.implementingBody
        let boundary = record[MatterField.boundary.key].flatMap(readBoundary)
        let flow = record[MatterField.flow.key].flatMap(readFlow)
        let situations = record[MatterField.situations.key].map { readSituations($0, origin: &origin) } ?? []
        let materials = record[MatterField.materials.key].flatMap { readMaterials($0, origin: &origin) }
        let responsibilities = record[MatterField.responsibilities.key].flatMap { field in
            field.list(acceptSingle: true).map { items in items.compactMap { $0.text() } }
        }
        let contacts = record[MatterField.contacts.key].map(ContactsReader.read) ?? site.contacts
        let texts = readTexts(record)

        guard let number, let duty, let name, let legalBasis, let implementingBody, let boundary,
              let flow, let situations, let materials, let responsibilities, let contacts
        else {
            // The cross-field checks the validator runs on a whole matter, on what could be read.
            if let situations {
                for problem in CatalogueValidator.clauseProblems(origin.everyClause, situations: situations) { log.add(problem) }
            }
            return nil
        }
        let matter = Matter(
            number: number, dutyNumber: duty, name: name, legalBasis: legalBasis,
            implementingBody: implementingBody, boundary: boundary, flow: flow, situations: situations,
            materials: materials, responsibilities: responsibilities, contacts: contacts, texts: texts,
            body: body.trimmingWhitespace)
        return (matter, origin)
    }

    private func readLegalBasis(_ field: YAMLField) -> [LegalBasis]? {
        guard let items = field.list() else { return nil }
        let entries = items.compactMap { item -> LegalBasis? in
            guard let entry = item.record(known: ["依据", "内容"], required: ["依据"]) else { return nil }
            let reference = entry.text("依据")
            let text = entry.optionalText("内容")
            guard let reference, entry["内容"] == nil || text != nil else { return nil }
            return LegalBasis(reference: reference, text: text)
        }
        return entries.count == items.count ? entries : nil
    }

    private func readBoundary(_ field: YAMLField) -> Boundary? {
        if case .sequence = field.node.content {
            guard let items = field.list() else { return nil }
            let levels = items.compactMap { $0.text() }
            return levels.count == items.count ? Boundary(levels: levels, isSequence: true) : nil
        }
        return field.text().map { Boundary(levels: [$0], isSequence: false) }
    }

    private func readFlow(_ field: YAMLField) -> Flow? {
        if case .scalar = field.node.content {
            guard let line = field.text() else { return nil }
            guard let flow = Flow.parse(line: line) else {
                field.report("流程里有空的步骤", hint: "步骤之间用一个“—”连接，例如 （受理）—审核—决定—下达")
                return nil
            }
            if flow.steps.contains(where: { $0.name.contains(where: Flow.lookalikeSeparators.contains) }) {
                field.report("步骤之间要用破折号“—”连接", hint: "把“-”“－”“–”换成“—”，例如 （受理）—审核—决定—下达")
                return nil
            }
            if flow.steps.count > ContentLimits.steps {
                field.report(
                    "步骤太多：\(flow.steps.count) 个，最多 \(ContentLimits.steps) 个", hint: "把相近的步骤合并，或拆成几个事项")
                return nil
            }
            return flow
        }
        guard let items = bounded(field.list(), ContentLimits.steps, what: "步骤", hint: "把相近的步骤合并，或拆成几个事项")
        else { return nil }
        let steps = items.compactMap { item -> FlowStep? in
            if case .scalar = item.node.content { return item.text().map(FlowStep.init(written:)) }
            guard let step = item.record(known: Self.stepKeys, required: ["步骤"]),
                  let written = step.text("步骤") else { return nil }
            var result = FlowStep(written: written)
            result.actor = step.optionalText("办理")
            result.note = step.optionalText("说明")
            if let limitField = step["时限"], let text = limitField.text() {
                guard let limit = TimeLimit.parse(text) else {
                    // Digits too many for a number, before a unit that reads: too long, not unreadable.
                    let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
                    if digits.count > 4, TimeLimit.parse("1" + text.dropFirst(digits.count)) != nil {
                        limitField.report("时限「\(text)」太长", hint: Self.timeLimitRangeHint)
                        return nil
                    }
                    limitField.report(
                        "看不懂的时限「\(text)」", hint: "写成“2个工作日”“3个自然日”“3天”（天 = 自然日）“1个月”或“当场”")
                    return nil
                }
                guard ContentLimits.timeLimit(limit.unit).contains(limit.count) else {
                    limitField.report("时限「\(text)」太长", hint: Self.timeLimitRangeHint)
                    return nil
                }
                result.timeLimit = limit
            }
            return result
        }
        return steps.count == items.count ? Flow(steps: steps) : nil
    }

    private func readSituations(_ field: YAMLField, origin: inout Origin) -> [Situation]? {
        guard let items = bounded(field.list(), ContentLimits.situations, what: "情形", hint: "一个事项的问题不宜这么多；拆成几个事项")
        else { return nil }
        var situations: [Situation] = []
        for item in items {
            guard let record = item.record(known: Self.situationKeys, required: ["键", "问题", "选项"]),
                  let keyField = record["键"], let key = keyField.text(), let question = record.text("问题"),
                  let optionItems = bounded(
                    record["选项"]?.list(), ContentLimits.options, what: "选项", hint: "合并相近的选项")
            else { continue }
            let options = optionItems.compactMap { $0.text() }
            guard options.count == optionItems.count else { continue }
            origin.situationKeys.append(keyField)
            origin.situationOptions.append(optionItems)
            situations.append(Situation(key: key, question: question, options: options, note: record.optionalText("说明")))
        }
        return situations.count == items.count ? situations : nil
    }

    private func readMaterials(_ field: YAMLField, origin: inout Origin) -> [Material]? {
        guard let items = bounded(field.list(), ContentLimits.materials, what: "材料", hint: "一个事项的材料不宜这么多；拆成几个事项")
        else { return nil }
        var materials: [Material] = []
        for item in items {
            if case .scalar = item.node.content {
                guard let name = item.text() else { continue }
                origin.materialNames.append(item)
                origin.conditions.append([])
                materials.append(Material(name: name))
                continue
            }
            guard let record = item.record(known: Self.materialKeys, required: ["名称"]),
                  let nameField = record["名称"], let name = nameField.text() else { continue }
            var material = Material(name: name)
            material.source = record.optionalText("来源")
            material.blankForm = record.optionalText("空表")
            material.sampleForm = record.optionalText("样表")
            material.note = record.optionalText("说明")
            var valid = true
            if let formField = record["形式"], let form = formField.text() {
                if Material.forms.contains(form) {
                    material.form = form
                } else {
                    formField.report("没有这种形式「\(form)」", hint: Suggestion.hint(for: form, among: Material.forms))
                    valid = false
                }
            }
            if let copiesField = record["份数"], let copies = copiesField.text() {
                // Digits only, so a count too large for Int is "too many", not "not a number".
                let isPositive = copies.isASCIIDigits && copies.contains(where: { $0 != "0" })
                if isPositive, let count = Int(copies), ContentLimits.copies.contains(count) {
                    material.copies = count
                } else if isPositive {
                    copiesField.report(
                        "份数「\(copies)」太多",
                        hint: "份数应为 \(ContentLimits.copies.lowerBound)—\(ContentLimits.copies.upperBound) 的整数")
                    valid = false
                } else {
                    copiesField.report("份数应为正整数，这里是「\(copies)」", hint: "例如 份数: 1")
                    valid = false
                }
            }
            for linkField in [record["空表"], record["样表"]].compactMap({ $0 }) {
                if let link = linkField.text(), !LinkPolicy.isAllowed(link) {
                    linkField.report("不能使用这个链接「\(link)」", hint: LinkPolicy.hint)
                    valid = false
                }
            }
            var clauses: [(key: YAMLField, options: [YAMLField])] = []
            if let conditionField = record["条件"] {
                guard let pairs = conditionField.pairs() else { continue }
                for (keyField, valueField) in pairs {
                    let optionFields: [YAMLField]
                    if case .sequence = valueField.node.content {
                        optionFields = valueField.list() ?? []
                    } else {
                        optionFields = [valueField]
                    }
                    let options = optionFields.compactMap { $0.text() }
                    guard let key = keyField.text(), !options.isEmpty, options.count == optionFields.count else {
                        valid = false
                        continue
                    }
                    material.condition.clauses.append(.init(questionKey: key, options: options))
                    clauses.append((keyField, optionFields))
                    origin.everyClause.append((.init(questionKey: key, options: options), keyField, optionFields))
                }
            }
            guard valid else { continue }
            origin.materialNames.append(nameField)
            origin.conditions.append(clauses)
            materials.append(material)
        }
        return materials.count == items.count ? materials : nil
    }

    static let timeLimitRangeHint =
        "时限最长 \(ContentLimits.workingDays.upperBound) 个工作日、\(ContentLimits.naturalDays.upperBound) 个自然日或 \(ContentLimits.months.upperBound) 个月，例如 时限: 20个工作日"

    /// A list of at most `limit` entries; a longer one is reported at its first entry past the limit (a
    /// matter's lists are checked for duplicates entry against entry, so their length is bounded).
    private func bounded(_ items: [YAMLField]?, _ limit: Int, what: String, hint: String) -> [YAMLField]? {
        guard let items, items.count > limit else { return items }
        items[limit].report("\(what)太多：\(items.count) 项，最多 \(limit) 项", hint: hint)
        return nil
    }

    /// The schema's text fields; one written as a mapping of its parts (办理时限: {法定: …, 承诺: …}) sets those.
    private func readTexts(_ record: YAMLRecord) -> MatterTexts {
        var texts = MatterTexts()
        for field in MatterSchema.textFields where field.parent == nil {
            guard let value = record[field.key] else { continue }
            if let parts = MatterSchema.parts[field.id] {
                if case .mapping = value.node.content, let written = value.record(known: parts.map(\.key)) {
                    for part in parts { texts[part] = written.optionalText(part.key) }
                    continue
                }
                guard case .scalar = value.node.content else {
                    let names = parts.map(\.key).joined(separator: "/")
                    let count = parts.count == 2 ? "两" : "\(parts.count) "
                    value.report("应为文字，或“\(names)”\(count)项", hint: "例如 \(field.key): 5个工作日")
                    continue
                }
            }
            texts[field] = value.text()
        }
        return texts
    }
}

/// Which links content may carry in 空表/样表: web addresses only — never scripts, and not paths, which
/// would resolve below the matter's page where no form files are published.
enum LinkPolicy {
    static let hint = "写 https:// 开头的完整网址，例如 https://www.example.gov.cn/forms/申请表.pdf"

    /// An http(s) address with a host; unlike the site's base address, a form's link may carry a query.
    static func isAllowed(_ link: String) -> Bool {
        let lower = link.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://"))
            && !link.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
            && link.split(separator: "/", omittingEmptySubsequences: true).count >= 2
    }
}
