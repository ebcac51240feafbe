import Foundation
import GongkaiModel

/// The file `gongkai new matter` writes: every key of a matter, each with a comment saying what to write,
/// and 【待填写】 wherever a person must decide, so `lint` fails until the file is really filled in.
public struct MatterScaffold {
    public let number: String
    public let name: String
    /// The 主要职责 to put the matter under, when the caller knows it (a new site has one).
    public let duty: String?

    public init(number: String, name: String, duty: String? = nil) {
        self.number = number
        self.name = name
        self.duty = duty
    }

    /// Writes `matters/<序号>.md` into a content folder; never overwrites. Returns the path written.
    public func write(into content: URL) throws -> String {
        guard NumberFormat.isValid(number) else {
            throw Diagnostic(file: "（命令行）", line: 1, column: 1, field: "序号",
                             message: "序号「\(number)」格式不对", hint: NumberFormat.hint)
        }
        let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw Diagnostic(file: "（命令行）", line: 1, column: 1, field: "名称", message: "名称不能为空，也不能换行")
        }
        guard FileManager.default.fileExists(atPath: content.appending(path: "site.yaml").path) else {
            throw Diagnostic(file: "\(content.relativePath)/site.yaml", line: 1, column: 1, field: "",
                             message: "这个文件夹里还没有 site.yaml，事项要属于一个服务站",
                             hint: "先运行 gongkai new site <服务站名称> --content \(content.relativePath)，再新建事项")
        }
        let folder = content.appending(path: "matters")
        let file = folder.appending(path: "\(number).md")
        let display = "\(content.relativePath)/matters/\(number).md"
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw Diagnostic(file: display, line: 1, column: 1, field: "", message: "文件已存在，没有覆盖",
                             hint: "换一个序号，或直接编辑这个文件")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text(duties: knownDuties(in: content)).utf8).write(to: file)
        return display
    }

    /// The 主要职责 of site.yaml, listed in a comment so the clerk can pick one without opening another file.
    private func knownDuties(in content: URL) -> [Duty] {
        let log = ProblemLog()
        guard let text = try? String(contentsOf: content.appending(path: "site.yaml"), encoding: .utf8),
              let (site, _) = SiteLoader(log: log).load(SourceFile(path: "site.yaml", text: text))
        else { return [] }
        return site.duties
    }

    func text(duties: [Duty]) -> String {
        let p = Placeholder.marker
        let dutyList = duties.isEmpty
            ? "#   （site.yaml 的 主要职责 里列出的序号）"
            : duties.map { "#   \($0.number) = \($0.name)" }.joined(separator: "\n")
        // A station with one 主要职责 has its matters under it; with more, the clerk picks one.
        let duty = self.duty ?? (duties.count == 1 ? duties[0].number : p + "主要职责的序号")
        let values = ["{p}": p, "{number}": number, "{name}": Self.quoted(name), "{duties}": dutyList, "{duty}": duty]
        let fields = MatterSchema.fields.filter { !$0.scaffold.isEmpty }.map { Self.fill($0.scaffold, values) }
        return """
            ---
            # 事项信息表。# 后面是说明，可以删掉。把每个 \(p) 连同后面的提示换成实际内容，
            # 然后运行 gongkai lint 检查。格式说明见 README 的“内容格式”。

            \(fields.joined(separator: "\n"))
            ---

            """
    }

    /// The schema's scaffold text with its `{…}` names replaced in one pass, so a value that happens to
    /// contain `{p}` stays as written.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let name = values.keys.first { rest[open...].hasPrefix($0) }
            result += name.flatMap { values[$0] } ?? "{"
            rest = rest[rest.index(open, offsetBy: name?.count ?? 1)...]
        }
        return result + rest
    }

    /// A YAML double-quoted scalar. Escaped scalar by scalar: replacing `Character`s would miss a quote
    /// followed by a combining mark (one Character, but a quote to YAML).
    static func quoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
