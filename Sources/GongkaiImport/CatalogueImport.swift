import Foundation
import GongkaiModel
import Yams
import ZIPFoundation

/// `gongkai import`: a station's Word catalogue read into a content folder — site.yaml, matters/<序号>.md
/// and 导入报告.md — all or nothing, and never over a file that is there without `force`.
package struct CatalogueImport {
    package struct Result {
        /// Paths written, relative to the content folder.
        package var written: [String]
        /// What a person should look at, as the report lists it.
        package var notes: [String]
        package var matters: Int
    }

    package let file: URL
    package let content: URL
    package let force: Bool
    package let baseURL: String?
    /// The station's name, for a file that does not say it (a CSV); otherwise the document's heading.
    package let stationName: String?

    package init(file: URL, content: URL, force: Bool = false, baseURL: String? = nil, stationName: String? = nil) {
        self.stationName = stationName
        self.file = file
        self.content = content
        self.force = force
        self.baseURL = baseURL
    }

    /// The largest file read: a catalogue with pictures is a few megabytes.
    static let maxFileBytes = 100 << 20

    package func run() throws(ImportProblems) -> Result {
        let raw: RawCatalogue
        do {
            raw = try readCatalogue()
        } catch {
            throw ImportProblems(problems: [error])
        }
        var problems: [ImportProblem] = []
        var matters: [MatterImport] = []
        for matter in raw.matters {
            do throws(ImportProblem) {
                let numberRow = matter.rows.first { $0.label == MatterField.number.key }
                let number = numberRow?.paragraphs.first ?? ""
                let imported = try MatterImport(
                    matter, duty: raw.dutyOfMatter[number], materials: raw.materialLines[number] ?? [], file: file.lastPathComponent)
                if matters.contains(where: { $0.number == imported.number }) {
                    problems.append(ImportProblem(
                        file: file.lastPathComponent, place: (numberRow?.place ?? matter.place) + "（序号）",
                        message: "序号 \(imported.number) 重复：前面已有一张这个序号的信息表",
                        hint: "每个事项的序号要不同；改正 Word 文档后再导入"))
                }
                matters.append(imported)
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems: problems) }
        var notes: [String] = []
        var files: [(path: String, text: String)] = []
        do throws(ImportProblem) {
            files.append(("site.yaml", try siteText(raw, matters: matters, notes: &notes)))
            for matter in matters {
                do {
                    files.append(("matters/\(matter.number).md", try matter.fileText()))
                } catch {
                    throw ImportProblem(file: file.lastPathComponent, message: "事项 \(matter.number) 无法写成 YAML（\(error)）")
                }
                notes += matter.notes
            }
        } catch {
            throw ImportProblems(problems: [error])
        }
        let report = ImportReport(source: file.lastPathComponent, matters: matters.count, notes: notes).text
        try write(files + [(ImportReport.fileName, report)])
        return Result(written: files.map(\.path) + [ImportReport.fileName], notes: notes, matters: matters.count)
    }

    /// The file, recognised by its content, not its name: a zip holding word/document.xml (Word) or
    /// xl/workbook.xml (Excel), or UTF-8 text with commas (CSV). An old or encrypted Office file (OLE) and
    /// anything else are named.
    private func readCatalogue() throws(ImportProblem) -> RawCatalogue {
        let name = file.lastPathComponent
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ImportProblem(file: name, message: "找不到这个文件，或它不是普通文件")
        }
        guard let size = attributes[.size] as? Int, size <= Self.maxFileBytes else {
            throw ImportProblem(file: name, message: "文件太大（超过 \(Self.maxFileBytes >> 20) MB）")
        }
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw ImportProblem(file: name, message: "无法读取这个文件")
        }
        let magic = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ImportProblem(file: name, message: "这是加密的或旧格式（.doc/.xls）的 Office 文件，无法读取",
                                hint: "在 Word 里去掉密码，另存为“Word 文档（*.docx）”后再导入")
        }
        guard magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            // Text with a comma on its first line and no NUL byte reads as CSV (whose reader names a wrong encoding).
            if let data = try? Data(contentsOf: file), !data.contains(0),
               data.prefix(while: { $0 != 0x0A }).contains(0x2C) {
                return try RawCatalogue(sheet: try CSVReader.sheet(data, name: file.deletingPathExtension().lastPathComponent, file: name), file: name)
            }
            throw ImportProblem(file: name, message: "不是 Word 或 Excel 文件", hint: ImportProblem.fileHint)
        }
        let archive: Archive
        do {
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw ImportProblem(file: name, message: "文件已损坏，无法打开", hint: ImportProblem.fileHint)
        }
        if archive["xl/workbook.xml"] != nil {
            let sheets = try WorkbookReader.sheets(archive, file: name)
            var raw = try RawCatalogue(sheet: sheets[0], file: name)
            for sheet in sheets.dropFirst() { raw.readMaterials(sheet) }
            return raw
        }
        return try RawCatalogue(word: try WordDocument(archive: archive, file: name), file: name)
    }

    /// site.yaml: the station's name and title from the heading, 主要职责 from the index, 地址 from the
    /// 来信来访地址, 实施机构 and 监督方式 from the matters; what the document does not say left as 【待填写】.
    private func siteText(_ raw: RawCatalogue, matters: [MatterImport], notes: inout [String]) throws(ImportProblem) -> String {
        let placeholder = MatterImport.placeholder
        var heading = raw.heading.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Lines gongkai's export writes for site.yaml's own fields: 「地址：…」, 「监督方式｜监督电话：…」.
        var siteFields: [String: String] = [:]
        var siteContacts: Node?
        heading.removeAll { line in
            if let label = MatterSchema.DocumentRows.siteFields.first(where: { line.hasPrefix($0 + "：") }) {
                siteFields[label] = String(line.dropFirst(label.count + 1))
                return true
            }
            let contactsPrefix = MatterSchema.DocumentRows.siteContacts + "｜"
            guard line.hasPrefix(contactsPrefix) else { return false }
            siteContacts = .mapping(Node.Mapping(line.dropFirst(contactsPrefix.count).split(separator: "｜").compactMap { part in
                guard let colon = part.firstIndex(of: "：") else { return nil }
                return (Node.scalar(Node.Scalar(String(part[..<colon]))), MatterImport.quoted(String(part[part.index(after: colon)...])))
            }))
            return true
        }
        if let stationName { heading = [stationName] + heading.filter { $0 != stationName } }
        let name = heading.first ?? placeholder + "服务站名称"
        if heading.isEmpty { notes.append("文件里没有服务站名称（可用 --name 给出），site.yaml 的 名称 留作【待填写】") }
        func value(_ key: String, in matter: MatterImport) -> Node? { matter.fields.first { $0.key == key }?.value }
        let contacts = siteContacts ?? matters.lazy.compactMap { value(MatterField.contacts.key, in: $0) }.first
        let body = siteFields["实施机构"] ?? matters.lazy.compactMap { value(MatterField.implementingBody.key, in: $0)?.string }.first ?? name
        var address = placeholder + "服务站地址"
        if let written = siteFields["地址"] {
            address = written
        } else if case .mapping(let mapping)? = contacts,
           let found = mapping.first(where: { $0.key.string?.contains("地址") == true })?.value.string {
            address = found
        } else {
            notes.append("文档里没有 来信来访地址，site.yaml 的 地址 留作【待填写】")
        }
        if baseURL == nil { notes.append("没有给 --base-url：site.yaml 的 网址 留作【待填写】，写上网站的网址后才能生成") }
        var pairs: [(Node, Node)] = [
            ("名称", MatterImport.text(name)),
        ]
        if heading.count > 1 { pairs.append(("标题", MatterImport.text(heading[1]))) }
        pairs += [
            ("网址", MatterImport.quoted(baseURL ?? placeholder + "https://网站的网址/")),
            ("地址", MatterImport.text(address)),
        ]
        if let hours = siteFields["办公时间"] { pairs.append(("办公时间", MatterImport.text(hours))) }
        pairs += [
            ("实施机构", MatterImport.text(body)),
            ("监督方式", contacts ?? .mapping(Node.Mapping([("监督电话", MatterImport.quoted(placeholder + "电话"))]))),
            ("主要职责", .sequence(Node.Sequence(raw.duties.map { duty in
                .mapping(Node.Mapping([("序号", MatterImport.quoted(duty.number)), ("名称", MatterImport.text(duty.name))]))
            }))),
        ]
        if let edition = siteFields["版本"] { pairs.append(("版本", MatterImport.text(edition))) }
        if raw.duties.isEmpty { notes.append("文档里没有目录表（序号 | 主要职责 | 职责事项），主要职责 要在 site.yaml 里补上") }
        do {
            return try Yams.serialize(node: .mapping(Node.Mapping(pairs)), width: -1, allowUnicode: true)
        } catch {
            throw ImportProblem(file: file.lastPathComponent, message: "site.yaml 无法写成 YAML（\(error)）")
        }
    }

    /// Every file or none: each is checked first (no file there, or `force`), then written in place atomically.
    private func write(_ files: [(path: String, text: String)]) throws(ImportProblems) {
        let manager = FileManager.default
        if !force {
            let existing = files.map(\.path).filter { manager.fileExists(atPath: content.appending(path: $0).path) }
            guard existing.isEmpty else {
                throw ImportProblems(problems: existing.map {
                    ImportProblem(file: content.appending(path: $0).path, message: "文件已存在，没有覆盖",
                                  hint: "换一个 --content 文件夹，或加 --force 覆盖导入的这些文件")
                })
            }
        }
        do {
            try manager.createDirectory(at: content.appending(path: "matters"), withIntermediateDirectories: true)
            for (path, text) in files {
                try Data(text.utf8).write(to: content.appending(path: path), options: .atomic)
            }
        } catch {
            throw ImportProblems(problems: [ImportProblem(file: content.path, message: "无法写入（\(error.localizedDescription)）")])
        }
    }
}

/// 导入报告.md: what was imported and what a person should look at before publishing.
struct ImportReport {
    static let fileName = "导入报告.md"
    let source: String
    let matters: Int
    let notes: [String]

    var text: String {
        var lines = ["# 导入报告", "", "从 \(source) 导入了 \(matters) 个事项。", ""]
        if notes.isEmpty {
            lines.append("没有需要检查的地方。")
        } else {
            lines += ["## 请检查", ""] + notes.map { "- \($0)" }
        }
        lines += ["", "每个事项的 运行要件原文 照录了信息表上的文字，页面和打印版的信息表显示它；运行要件 是从中拆出的材料，用于材料自查。", ""]
        return lines.joined(separator: "\n")
    }
}
