import Foundation
import GongkaiModel

/// The file `gongkai new matter` writes: every key of a matter, each with a comment saying what to write,
/// and 【待填写】 wherever a person must decide, so `lint` fails until the file is really filled in.
public struct MatterScaffold {
    public let number: String
    public let name: String

    public init(number: String, name: String) {
        self.number = number
        self.name = name
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
        return """
            ---
            # 事项信息表。# 后面是说明，可以删掉。把每个 \(p) 连同后面的提示换成实际内容，
            # 然后运行 gongkai lint 检查。格式说明见 README 的“内容格式”。

            序号: "\(number)"
            # 属于哪个主要职责（写它的序号）：
            \(dutyList)
            主要职责: "\(p)主要职责的序号"
            名称: \(Self.quoted(name))

            # 法定依据：每条写 依据（法规名称和条款）和 内容（条文，可分段）。
            法定依据:
              - 依据: "\(p)《法规名称》第几条"
                内容: "\(p)条文内容"

            # 实施机构：不写则用 site.yaml 的 实施机构。
            # 实施机构: 

            # 职责边界：一句话（如 乡镇权限），或按顺序列出各级：[社区初审, 街镇复审, 区人社局审批]
            职责边界: "\(p)如 乡镇权限"

            # 运行流程：用“—”连接各步，如 （受理）—审核—决定—下达；
            # 或逐步写出 办理（谁办）和 时限（如 2个工作日、3个自然日）：
            #   - 步骤: 社区初审
            #     办理: 社区
            #     时限: 2个工作日
            运行流程: "\(p)如 （受理）—审核—决定—下达"

            # 情形：申请人需要回答的问题，决定要交哪些材料。没有可删去。
            # 情形:
            #   - 键: 户籍
            #     问题: 您属于以下哪类居民？
            #     选项: [本市户籍居民, 外省市户籍居民]

            # 运行要件：所需材料，每项一行。可以只写名称，也可以写明细：
            #   - 名称: 居住证
            #     形式: 原件及复印件     # 原件、复印件 或 原件及复印件
            #     份数: 1
            #     来源: 公安机关
            #     条件: {户籍: 外省市户籍居民}   # 只在这种情形下需要
            运行要件:
              - "\(p)材料名称，如 身份证"

            # 责任事项：办事机构的职责，每项一行。
            责任事项:
              - "\(p)如 受理申请，并接受其报送的相关材料；"

            # 监督方式：不写则用 site.yaml 的 监督方式。有不同的电话或地址时写：
            # 监督方式:
            #   监督电话: "022-12345"
            #   来信来访地址: …

            # 办事指南（可选，不需要的删去）：
            # 办理时限: {法定: 20个工作日, 承诺: 10个工作日}
            # 办理地点: 
            # 办理时间: 
            # 收费: 不收费
            # 咨询电话: 
            # 办理结果: 
            ---

            """
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
