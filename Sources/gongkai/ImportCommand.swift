import ArgumentParser
import Foundation
import GongkaiContent
import GongkaiImport

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把已有的 Word 信息表（.docx）或 Excel 清单（.xlsx、.csv）导入为内容文件夹。",
        discussion: """
            读出文档里的目录表（序号 | 主要职责 | 职责事项）和每个事项的信息表，写出 site.yaml、matters/<序号>.md \
            和 导入报告.md。信息表上的文字照录：运行要件 的原文另存为 运行要件原文，在信息表里显示。\
            内容文件夹里已有同名文件时不覆盖（加 --force 才覆盖）；有错误时不写入任何文件。
            """)

    @Argument(help: ArgumentHelp("要导入的文件（.docx、.xlsx 或 .csv，按内容识别）", valueName: "文件"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("写入的内容文件夹", valueName: "目录"))
    var content: String = "content"

    @Flag(name: .long, help: "覆盖内容文件夹里已有的同名文件")
    var force = false

    @Option(name: .customLong("base-url"), help: ArgumentHelp("网站的网址，写入 site.yaml 的 网址", valueName: "网址"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("服务站名称（文件里没有写时，如 CSV）", valueName: "名称"))
    var name: String?

    func run() throws {
        do {
            let result = try CatalogueImport(
                file: URL(filePath: file), content: URL(filePath: content), force: force, baseURL: baseURL,
                stationName: name).run()
            print("已导入 \(result.matters) 个事项 → \(content)/（\(result.written.count) 个文件）")
            if result.notes.isEmpty {
                print("没有需要检查的地方。")
            } else {
                print("请检查（也写在 \(content)/导入报告.md 里）：")
                for note in result.notes { print("  - \(note)") }
            }
            print("下一步：gongkai lint --content \(content)")
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
