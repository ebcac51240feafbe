import ArgumentParser
import Foundation
import GongkaiBuild
import GongkaiServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在本机预览网站：生成后在 http://127.0.0.1:<端口>/ 提供；内容或主题改动后自动重新生成并刷新浏览器。",
        discussion: """
            网站只放在内存里，不写入任何文件。内容有错误时，终端和浏览器里都显示错误（与 build 的报告相同），\
            浏览器里仍是上一次生成成功的网站；改正并保存后自动恢复。按 Ctrl-C 停止。
            """)

    @OptionGroup var source: ContentOptions

    @Option(name: .long, help: ArgumentHelp("端口（0 表示任选一个空闲端口）", valueName: "端口"))
    var port: Int = 1313

    @Option(name: .customLong("base-url"), help: ArgumentHelp("网站的网址（代替 site.yaml 的 网址）", valueName: "网址"))
    var baseURL: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("端口应在 0 到 65535 之间") }
    }

    func run() throws {
        let options = source.buildOptions(baseURL: baseURL)
        let status = PreviewSession(options: options, port: UInt16(port)).run()
        if status != 0 { throw ExitCode(status) }
    }
}
