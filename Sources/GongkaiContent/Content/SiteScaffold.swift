import Foundation
import GongkaiModel

/// `gongkai new site`: a content folder to start a station from — site.yaml with every key and a line
/// saying what to write, an example 规章制度, and a first matter — with 【待填写】 wherever a person must
/// decide, so `lint` names each until it is filled in, and then the folder builds.
public struct SiteScaffold {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    /// Writes the folder; refuses when it already holds a site.yaml (nothing is written then). Returns the
    /// paths written, relative to `content`'s display form.
    public func write(into content: URL) throws -> [String] {
        let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw Diagnostic(file: "（命令行）", line: 1, column: 1, field: "名称", message: "服务站名称不能为空，也不能换行")
        }
        let site = content.appending(path: "site.yaml")
        let display = content.relativePath
        guard !FileManager.default.fileExists(atPath: site.path) else {
            throw Diagnostic(file: "\(display)/site.yaml", line: 1, column: 1, field: "", message: "已经有 site.yaml，没有覆盖",
                             hint: "这个文件夹已经是一个网站的内容；新建事项用 gongkai new matter <序号> <名称>")
        }
        let policy = content.appending(path: "policies/shouwen-fuze.md")
        try FileManager.default.createDirectory(at: policy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(siteText.utf8).write(to: site, options: .withoutOverwriting)
        if !FileManager.default.fileExists(atPath: policy.path) {
            try Data(policyText.utf8).write(to: policy, options: .withoutOverwriting)
        }
        let matter = try MatterScaffold(number: "1.1", name: Placeholder.marker + "第一个事项的名称", duty: "1").write(into: content)
        return ["\(display)/site.yaml", "\(display)/policies/shouwen-fuze.md", matter]
    }

    var siteText: String {
        let p = Placeholder.marker
        return """
            # 服务站的信息。# 后面是说明，可以删掉。把每个 \(p) 连同后面的提示换成实际内容，
            # 然后运行 gongkai lint 检查。格式说明见 README 的“site.yaml：服务站”。

            名称: \(MatterScaffold.quoted(name))
            # 标题：显示在名称下面；不写就是“公开服务内容”。
            标题: 公开服务内容
            # 网址：网站将放在哪个地址，以 / 结尾。海报上的二维码指向它。
            网址: "\(p)https://www.example.gov.cn/gongkai/"
            地址: "\(p)服务站的地址"
            # 办公时间：可不写。
            办公时间: "\(p)如 周一至周五 9:00—17:00"
            # 实施机构：事项没有写 实施机构 时用这个。
            实施机构: \(MatterScaffold.quoted(name))
            # 监督方式：每行一项“标签: 内容”；标签里有“电话”的会变成可拨打的链接。
            监督方式:
              监督电话: "\(p)电话号码"
              来信来访地址: "\(p)地址"
            # 主要职责：每项写 序号 和 名称；事项的 主要职责 写这里的序号。
            主要职责:
              - 序号: "1"
                名称: "\(p)第一项主要职责"

            """
    }

    var policyText: String {
        """
        ---
        # 规章制度的示例：把标题里的 \(Placeholder.marker) 删掉，正文换成本站的制度；不需要就删掉这个文件。
        # 文件名可以用中文（如 首问负责制度.md），网址取它的拼音；也可以在这里写 网址名: shouwen-fuze。
        # 这个文件的网址是 policies/shouwen-fuze/。
        标题: "\(Placeholder.marker)首问负责制度"
        ---

        第一条 首位接待办事群众的工作人员为首问责任人，负责解答咨询、受理或引导办理。

        """
    }
}
